using System.Security;
using System.Text;
using QRCoder;

namespace Tracing.Server.Qr;

/// <summary>QR code images (QRCoder): PNG, SVG, and a printable A4 poster for a venue's door.</summary>
public static class QrImages
{
    /// <summary>A PNG of the code.</summary>
    public static byte[] Png(string payload)
    {
        using var data = Encode(payload);
        return new PngByteQRCode(data).GetGraphic(10);
    }

    /// <summary>An SVG of the code.</summary>
    public static string Svg(string payload)
    {
        using var data = Encode(payload);
        return new SvgQRCode(data).GetGraphic(10);
    }

    /// <summary>
    /// An A4 poster (SVG) with the venue's name, address, the code, the venue code to type when the camera fails,
    /// and how to use it, in Vietnamese.
    /// </summary>
    public static string Poster(string payload, string venueName, string address, string venueCode)
    {
        var png = Convert.ToBase64String(Png(payload));
        var poster = new StringBuilder();
        poster.Append("""<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297">""");
        poster.Append("""<rect width="210" height="297" fill="#ffffff"/>""");
        poster.Append("""<rect x="0" y="0" width="210" height="34" fill="#0b5fa5"/>""");
        Text(poster, 105, 15, 9, "#ffffff", "bold", "MÃ QR ĐIỂM KIỂM DỊCH");
        Text(poster, 105, 27, 5.5, "#ffffff", "normal", "Quét mã khi vào và khi ra để phòng, chống dịch COVID-19");
        Text(poster, 105, 50, 8, "#111111", "bold", venueName);
        Text(poster, 105, 60, 4.5, "#333333", "normal", address);
        poster.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<image x="35" y="70" width="140" height="140" href="data:image/png;base64,{png}"/>""");
        Text(poster, 105, 218, 5, "#111111", "bold", "Mã địa điểm: " + venueCode);
        Text(poster, 105, 229, 5, "#111111", "bold", "Hướng dẫn");
        Text(poster, 105, 237, 4.2, "#111111", "normal", "1. Mở ứng dụng (PC-COVID, Bluezone) hoặc camera điện thoại.");
        Text(poster, 105, 244, 4.2, "#111111", "normal", "2. Quét mã QR này khi vào và khi ra.");
        Text(poster, 105, 251, 4.2, "#111111", "normal", "3. Khai báo y tế nếu ứng dụng yêu cầu.");
        Text(poster, 105, 262, 3.6, "#555555", "normal", "Không có điện thoại thông minh? Nhân viên sẽ ghi nhận giúp bạn.");
        Text(poster, 105, 285, 3, "#777777", "normal", payload);
        poster.Append("</svg>");
        return poster.ToString();
    }

    private static QRCodeData Encode(string payload)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
    }

    private static void Text(StringBuilder svg, double x, double y, double size, string fill, string weight, string text)
        => svg.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"""<text x="{x}" y="{y}" font-family="Arial, sans-serif" font-size="{size}" font-weight="{weight}" fill="{fill}" text-anchor="middle">{SecurityElement.Escape(text)}</text>""");
}
