namespace Tracing.Server.Web;

/// <summary>The safety map page's own style: the filter, legend, map box, popups and the list's cards (fit 390 px).</summary>
internal static class SafetyMapStyle
{
    public const string Css = """
        <style>
        .map-filter .region-picker{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:0 1rem}
        .map-legend ul{list-style:none;padding:0;margin:.3rem 0 .8rem;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}
        .map-legend h3{margin:.5rem 0 0;font-size:1rem}
        .map-legend li{display:flex;align-items:baseline;gap:.4rem}
        .map-legend small{color:#555}
        .swatch{display:inline-block;flex:none;width:.9rem;height:.9rem;border-radius:50%;border:2px solid #fff;box-shadow:0 0 0 1px #888;margin-right:.4rem;vertical-align:-.1rem}
        #safety-map{height:28rem;max-height:70vh;width:100%;border:1px solid #bbb;border-radius:4px;background:#eef3f6}
        #safety-map.no-tiles{background:#e8eef2}
        .leaflet-popup-content .facility-popup p{margin:.25rem 0}
        .facility-popup .name{font-size:1.05rem}
        .facility-popup ul.missing{margin:.1rem 0 .3rem;padding-left:1.1rem}
        .unplaced{color:#555;font-style:italic}
        .facility-list{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.8rem}
        .facility-card{border:1px solid #ccc;border-left:6px solid #a7b6bf;border-radius:4px;padding:.5rem .8rem;overflow-wrap:anywhere}
        .facility-card h3{margin:.2rem 0;font-size:1.05rem}
        .facility-card p{margin:.25rem 0}
        .facility-card[data-status=safe]{border-left-color:#1b8a3a}
        .facility-card[data-status=at-risk]{border-left-color:#e07b00}
        .facility-card[data-status=unsafe]{border-left-color:#c62828}
        .facility-card[data-status=stale]{border-left-color:#6b6b6b}
        .facility-card button{margin-top:.3rem;padding:.3rem .8rem}
        .facility-card details.feedback{margin-top:.4rem}
        .facility-card details.feedback summary{cursor:pointer;color:#0b5fa5}
        .facility-card textarea{font:inherit;width:100%;box-sizing:border-box}
        .facility-card:target{outline:3px solid #0b5fa5}
        .must-suspend{border:1px solid #c62828;background:#fdecea;border-radius:4px;padding:.3rem 1rem;margin-top:1rem}
        .must-suspend h2{font-size:1.1rem;margin:.4rem 0}
        </style>
        """;
}
