using System.Diagnostics;

namespace Tracing.Server.Tests;

/// <summary>
/// Reads QR codes the way a phone would, with standard tools outside this project: Debian's <c>zbarimg</c>
/// (zbar-tools) for the image, <c>rsvg-convert</c> (librsvg2-bin) to draw SVG first. `.ci/run` installs both.
/// </summary>
internal static class QrDecoder
{
    /// <summary>The text of the one QR code in a PNG.</summary>
    public static async Task<string> DecodePngAsync(byte[] png)
    {
        var file = Path.Combine(Path.GetTempPath(), $"qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, png);
        try
        {
            return (await RunAsync("zbarimg", "--quiet", "--raw", file)).TrimEnd('\n');
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The text of the one QR code in an SVG, drawn at <paramref name="widthPixels"/> wide.</summary>
    public static async Task<string> DecodeSvgAsync(byte[] svg, int widthPixels)
    {
        var source = Path.Combine(Path.GetTempPath(), $"qr-{Guid.NewGuid():N}.svg");
        var drawn = Path.ChangeExtension(source, ".png");
        await File.WriteAllBytesAsync(source, svg);
        try
        {
            await RunAsync("rsvg-convert", "--width", widthPixels.ToString(System.Globalization.CultureInfo.InvariantCulture), "--background-color", "white", "--output", drawn, source);
            return await DecodePngAsync(await File.ReadAllBytesAsync(drawn));
        }
        finally
        {
            File.Delete(source);
            File.Delete(drawn);
        }
    }

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (is it installed? .ci/run installs it).");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await errors}");
        return await output;
    }
}
