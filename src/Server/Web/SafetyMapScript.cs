namespace Tracing.Server.Web;

/// <summary>
/// The safety map's script: draws the facilities of <c>#safety-map-data</c> on a Leaflet map in <c>#safety-map</c> as
/// circles in their status's colour (class <c>facility-marker</c> and the status, <c>data-venue</c> the venue), each
/// with a popup built from text nodes (names are never read as HTML), fits the view to them (to all of Việt Nam when
/// none has a position), and wires the list's "Xem trên bản đồ" buttons. Leaflet's few English words are replaced.
/// </summary>
internal static class SafetyMapScript
{
    public const string Script = """
        <script>
        (function () {
          var box = document.getElementById('safety-map');
          var data = JSON.parse(document.getElementById('safety-map-data').textContent);
          if (!box || !window.L) {
            if (box) box.textContent = 'Không tải được bản đồ; danh sách bên dưới vẫn đủ mọi cơ sở.';
            return;
          }
          var map = L.map(box, { zoomControl: false, scrollWheelZoom: false });
          L.control.zoom({ zoomInTitle: 'Phóng to', zoomOutTitle: 'Thu nhỏ' }).addTo(map);
          map.attributionControl.setPrefix('Leaflet');
          if (data.tileUrl) L.tileLayer(data.tileUrl, { attribution: data.tileAttribution, maxZoom: 19 }).addTo(map);
          else box.classList.add('no-tiles');

          function element(tag, className, text) {
            var node = document.createElement(tag);
            if (className) node.className = className;
            if (text != null) node.textContent = text;
            return node;
          }
          function popup(f) {
            var root = element('div', 'facility-popup');
            root.appendChild(element('strong', 'name', f.name));
            var status = element('p', 'status');
            var swatch = element('span', 'swatch');
            swatch.style.background = f.colour;
            status.appendChild(swatch);
            status.appendChild(document.createTextNode(f.label + (f.score != null ? ' — ' + f.score + ' điểm' : '')));
            root.appendChild(status);
            if (f.address) root.appendChild(element('p', 'address', f.address));
            if (f.missing.length) {
              root.appendChild(element('p', 'missing-title', 'Còn thiếu:'));
              var list = element('ul', 'missing');
              f.missing.forEach(function (item) { list.appendChild(element('li', null, item)); });
              root.appendChild(list);
            } else if (f.score != null) {
              root.appendChild(element('p', 'missing-none', 'Không thiếu biện pháp nào.'));
            }
            root.appendChild(element('p', 'feedback', 'Góp ý của người dân: ' + f.feedback));
            if (f.assessed) root.appendChild(element('p', 'assessed', 'Tự đánh giá lúc ' + f.assessed));
            var more = element('a', 'to-card', 'Xem trong danh sách, gửi góp ý');
            more.href = '#co-so-' + f.id;
            root.appendChild(element('p')).appendChild(more);
            return root;
          }

          // The view first (Leaflet draws nothing on a map without one): the facilities, or all of Việt Nam.
          var placed = data.facilities.filter(function (f) { return f.latitude != null && f.longitude != null; });
          if (placed.length) map.fitBounds(placed.map(function (f) { return [f.latitude, f.longitude]; }), { padding: [40, 40], maxZoom: 16 });
          else map.setView([16.0, 106.0], 5);

          var markers = {};
          placed.forEach(function (f) {
            var marker = L.circleMarker([f.latitude, f.longitude], {
              radius: 10, color: '#ffffff', weight: 2, fillColor: f.colour, fillOpacity: 0.95,
              className: 'facility-marker ' + f.status
            }).addTo(map);
            marker.bindPopup(popup(f), { maxWidth: 280 });
            var path = marker.getElement();
            path.setAttribute('data-venue', f.id);
            path.setAttribute('aria-label', f.name + ': ' + f.label);
            markers[f.id] = marker;
          });

          map.on('popupopen', function (event) {
            var close = event.popup.getElement().querySelector('.leaflet-popup-close-button');
            if (close) { close.setAttribute('aria-label', 'Đóng'); close.title = 'Đóng'; }
          });
          document.querySelectorAll('[data-show-on-map]').forEach(function (button) {
            var marker = markers[button.getAttribute('data-show-on-map')];
            if (!marker) return;
            button.hidden = false;
            button.addEventListener('click', function () {
              box.scrollIntoView({ block: 'center' });
              map.setView(marker.getLatLng(), Math.max(map.getZoom(), 15));
              marker.openPopup();
            });
          });
        })();
        </script>
        """;
}
