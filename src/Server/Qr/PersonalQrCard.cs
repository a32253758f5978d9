using SkiaSharp;

namespace Tracing.Server.Qr;

/// <summary>
/// A personal code to print or keep on a phone: the QR code (QRCoder's PNG) with the person's name and the phone they
/// signed in with under it, drawn with SkiaSharp in a font that has Vietnamese letters.
/// </summary>
public static class PersonalQrCard
{
    private const int Width = 600, Margin = 40, QrSize = Width - 2 * Margin;

    /// <summary>Font files tried when the system's font manager offers none with Vietnamese letters.</summary>
    private static readonly string[] FontFiles =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/noto/NotoSans-Bold.ttf",
    ];

    private static readonly Lazy<SKTypeface?> Typeface = new(FindTypeface);

    /// <summary>
    /// The card as a PNG: the code for <paramref name="payload"/>, then each of <paramref name="lines"/> (the name first,
    /// in bold, larger) centred under it. Blank lines are left out; without a usable font only the code is drawn.
    /// </summary>
    public static byte[] Png(string payload, params string[] lines)
    {
        var text = lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToArray();
        var typeface = Typeface.Value;
        var lineHeights = text.Select((_, i) => i == 0 ? 40 : 30).ToArray();
        var height = Margin + QrSize + (typeface is null ? 0 : lineHeights.Sum() + 10) + Margin;
        using var surface = SKSurface.Create(new SKImageInfo(Width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using (var qr = SKBitmap.Decode(QrImages.Png(payload)))
        using (var image = SKImage.FromBitmap(qr))
        {
            // Nearest-neighbour: the modules stay sharp-edged for scanners.
            canvas.DrawImage(image, SKRect.Create(Margin, Margin, QrSize, QrSize), new SKSamplingOptions(SKFilterMode.Nearest));
        }
        if (typeface is not null)
        {
            var y = (float)(Margin + QrSize + 10);
            for (var i = 0; i < text.Length; i++)
            {
                y += lineHeights[i];
                using var font = new SKFont(typeface, i == 0 ? 32 : 24);
                using var paint = new SKPaint { Color = i == 0 ? SKColors.Black : new SKColor(0x44, 0x44, 0x44), IsAntialias = true };
                var line = Fit(text[i], font);
                canvas.DrawText(line, Width / 2f, y, SKTextAlign.Center, font, paint);
            }
        }
        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>The line, shortened with "…" until it fits the card's width.</summary>
    private static string Fit(string line, SKFont font)
    {
        if (font.MeasureText(line) <= Width - 2 * 20)
            return line;
        while (line.Length > 1 && font.MeasureText(line + "…") > Width - 2 * 20)
            line = line[..^1];
        return line + "…";
    }

    private static SKTypeface? FindTypeface()
    {
        // 'ệ' and 'Đ': a font without them draws boxes instead of a Vietnamese name.
        if (SKFontManager.Default.MatchCharacter('ệ') is { } matched && matched.ContainsGlyphs("Đệ"))
            return matched;
        foreach (var file in FontFiles)
        {
            if (File.Exists(file) && SKTypeface.FromFile(file) is { } typeface && typeface.ContainsGlyphs("Đệ"))
                return typeface;
        }
        return null;
    }
}
