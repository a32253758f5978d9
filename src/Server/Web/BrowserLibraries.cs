using System.Reflection;

namespace Tracing.Server.Web;

/// <summary>
/// The browser libraries the pages use, served by the server itself under <c>/lib/</c> (no CDN): Leaflet's script,
/// style sheet and images for the safety map. They come from the npm registry at build time (<c>src/Server/npm</c>,
/// pinned by its <c>package-lock.json</c>) and are embedded in the assembly, so a published server needs no folder.
/// </summary>
internal static class BrowserLibraries
{
    private static readonly Assembly Assembly = typeof(BrowserLibraries).Assembly;

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".png"] = "image/png",
    };

    /// <summary>The embedded files, by the path they are served at (e.g. <c>/lib/leaflet/leaflet.js</c>).</summary>
    private static readonly HashSet<string> Files = Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith("lib/", StringComparison.Ordinal))
        .Select(name => "/" + name)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Leaflet's script, where pages load it from.</summary>
    public const string LeafletScript = "/lib/leaflet/leaflet.js";

    /// <summary>Leaflet's style sheet (its images are fetched relative to it).</summary>
    public const string LeafletStyle = "/lib/leaflet/leaflet.css";

    /// <summary>GET <c>/lib/{path}</c>: an embedded library file, cached by browsers for a day; anything else is 404.</summary>
    public static void Map(WebApplication app) => app.MapGet("/lib/{**path}", (string path, HttpContext context) =>
    {
        var served = "/lib/" + path;
        if (!Files.Contains(served) || !ContentTypes.TryGetValue(Path.GetExtension(served), out var type))
            return Results.NotFound();
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.Stream(Assembly.GetManifestResourceStream(served[1..])!, type);
    });
}
