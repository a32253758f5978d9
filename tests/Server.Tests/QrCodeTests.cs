using System.Text;
using System.Xml.Linq;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>Venue QR codes as PNG, SVG and a printable poster, and personal QR codes for controller-mode scanning.</summary>
public sealed class QrCodeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task The_PNG_is_a_PNG_of_the_venues_payload()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Phở Thìn Bờ Hồ");

        var png = await manager.Venues.GetVenueQrCodeAsync(new GetVenueQrCodeRequest { VenueId = venue.VenueId, Format = QrFormat.Png });
        var unspecified = await manager.Venues.GetVenueQrCodeAsync(new GetVenueQrCodeRequest { VenueId = venue.VenueId });

        Assert.Equal("image/png", png.ContentType);
        Assert.Equal(PngSignature, png.Data.Span[..8].ToArray());
        Assert.Equal(venue.QrPayload, png.Payload);
        Assert.Equal("image/png", unspecified.ContentType);
        Assert.Equal(png.Data, unspecified.Data);
    }

    [Fact]
    public async Task The_SVG_is_well_formed_SVG_of_the_venues_payload()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Bánh Xèo Mười Xiềm");

        var svg = await manager.Venues.GetVenueQrCodeAsync(new GetVenueQrCodeRequest { VenueId = venue.VenueId, Format = QrFormat.Svg });

        Assert.Equal("image/svg+xml", svg.ContentType);
        Assert.Equal(venue.QrPayload, svg.Payload);
        var document = XDocument.Parse(svg.Data.ToStringUtf8());
        Assert.Equal("svg", document.Root!.Name.LocalName);
    }

    [Fact]
    public async Task The_poster_names_the_venue_and_its_address_and_says_what_to_do_in_Vietnamese()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        // An ampersand and quotes in the name must not break the SVG.
        var venue = await Citizens.RegisterVenueAsync(manager, "Cơm Tấm & Bún \"Bà Ghẹo\" <Quận 3>");

        var poster = await manager.Venues.GetVenueQrCodeAsync(new GetVenueQrCodeRequest { VenueId = venue.VenueId, Format = QrFormat.Poster });

        Assert.Equal("image/svg+xml", poster.ContentType);
        Assert.Equal(venue.QrPayload, poster.Payload);
        var text = poster.Data.ToStringUtf8();
        var document = XDocument.Parse(text);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        var words = string.Join("\n", document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains(venue.Name, words, StringComparison.Ordinal);
        Assert.Contains(venue.StreetAddress, words, StringComparison.Ordinal);
        Assert.Contains("Quét mã", words, StringComparison.Ordinal);
        Assert.Contains("khi vào và khi ra", words, StringComparison.Ordinal);
        Assert.Contains("Khai báo y tế", words, StringComparison.Ordinal);
        // The province by name, and the venue code to type when a camera cannot read the code.
        Assert.Contains("Hồ Chí Minh", words, StringComparison.Ordinal);
        Assert.Contains("Mã địa điểm: " + Matching.Registry.VenueCode.Display(venue.VenueId), words, StringComparison.Ordinal);
        // The code itself is embedded as a PNG.
        var image = document.Descendants().Single(e => e.Name.LocalName == "image");
        var href = (string?)image.Attribute("href") ?? "";
        Assert.StartsWith("data:image/png;base64,", href, StringComparison.Ordinal);
        Assert.Equal(PngSignature, Convert.FromBase64String(href["data:image/png;base64,".Length..])[..8]);
    }

    [Fact]
    public async Task A_standard_decoder_reads_the_venue_payload_from_the_PNG_the_SVG_and_the_printed_poster()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà Sách Phương Nam");
        async Task<byte[]> ImageAsync(QrFormat format)
            => (await manager.Venues.GetVenueQrCodeAsync(new GetVenueQrCodeRequest { VenueId = venue.VenueId, Format = format })).Data.ToByteArray();

        Assert.Equal(venue.QrPayload, await QrDecoder.DecodePngAsync(await ImageAsync(QrFormat.Png)));
        Assert.Equal(venue.QrPayload, await QrDecoder.DecodeSvgAsync(await ImageAsync(QrFormat.Svg), 400));
        // The A4 poster at 150 dpi, as a print shop's scan would see it.
        Assert.Equal(venue.QrPayload, await QrDecoder.DecodeSvgAsync(await ImageAsync(QrFormat.Poster), 1240));
    }

    [Fact]
    public async Task A_standard_decoder_reads_the_personal_payload()
    {
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Trịnh Công Sơn");
        var png = await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest { Format = QrFormat.Png });
        var svg = await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest { Format = QrFormat.Svg });

        Assert.Equal(png.Payload, await QrDecoder.DecodePngAsync(png.Data.ToByteArray()));
        Assert.Equal(svg.Payload, await QrDecoder.DecodeSvgAsync(svg.Data.ToByteArray(), 400));
    }

    [Fact]
    public async Task Only_the_venues_managers_and_health_departments_print_its_code()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Tiệm Giặt Ủi Sạch");
        var strangerPhone = Citizens.NewPhone();
        var (stranger, _) = await Citizens.SignedInAsync(Server, strangerPhone);
        var request = new GetVenueQrCodeRequest { VenueId = venue.VenueId, Format = QrFormat.Poster };

        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => stranger.Venues.GetVenueQrCodeAsync(request).ResponseAsync, "RequestVenueAccess");
        var unregistered = Matching.Registry.VenueCode.New();
        await Refusals.AssertAsync(StatusCode.NotFound, () => manager.Venues.GetVenueQrCodeAsync(new GetVenueQrCodeRequest { VenueId = unregistered }).ResponseAsync, Matching.Registry.VenueCode.Display(unregistered));

        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        Assert.Equal(venue.QrPayload, (await health.Venues.GetVenueQrCodeAsync(request)).Payload);
        // A co-manager the manager adds may print it too.
        await manager.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, Phone = strangerPhone });
        Assert.Equal(venue.QrPayload, (await stranger.Venues.GetVenueQrCodeAsync(request)).Payload);
    }

    [Fact]
    public async Task A_personal_QR_code_checks_its_owner_in_at_the_door()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Trường THPT Lê Quý Đôn");
        var (visitor, visitorId) = await Citizens.DeclaredDeviceAsync(Server, "Hà Văn Mã");

        var png = await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest { Format = QrFormat.Png });
        var svg = await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest { Format = QrFormat.Svg });

        Assert.Equal("image/png", png.ContentType);
        Assert.Equal(PngSignature, png.Data.Span[..8].ToArray());
        Assert.Equal(png.Payload, svg.Payload);
        Assert.Equal("svg", XDocument.Parse(Encoding.UTF8.GetString(svg.Data.Span)).Root!.Name.LocalName);
        Assert.Contains(visitorId, png.Payload, StringComparison.Ordinal);

        var scan = await Citizens.ControllerScanAsync(manager, venue, png.Payload, Direction.In, Citizens.ThisMinute().AddMinutes(-2));
        Assert.Equal(ScanStatus.Accepted, scan.Status);
        var visit = Assert.Single(await Citizens.VisitsAsync(visitor));
        Assert.Equal(venue.VenueId, visit.VenueId);

        await Refusals.AssertAsync(
            StatusCode.InvalidArgument,
            () => visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest { Format = QrFormat.Poster }).ResponseAsync,
            "QR_FORMAT_PNG");
        using var anonymous = Server.Anonymous();
        await Refusals.AssertAsync(StatusCode.Unauthenticated, () => anonymous.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest()).ResponseAsync, "sign in");
    }
}
