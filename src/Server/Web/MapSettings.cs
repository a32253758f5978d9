namespace Tracing.Server.Web;

/// <summary>The <c>Tracing:Map</c> configuration section: the background of the public safety map.</summary>
public sealed class MapSettings
{
    /// <summary>OpenStreetMap's standard tiles, the default background.</summary>
    public const string OpenStreetMapTiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    /// <summary>
    /// The tile address the visitor's browser loads the background from (Leaflet's <c>{z}/{x}/{y}</c> template), e.g. a
    /// province's own tile server. Empty: no background; the markers, the legend and the list still work.
    /// </summary>
    public string TileUrl { get; set; } = OpenStreetMapTiles;

    /// <summary>The credit the tiles' licence asks for, as HTML shown in the map's corner.</summary>
    public string TileAttribution { get; set; } = "© <a href=\"https://www.openstreetmap.org/copyright\">Những người đóng góp OpenStreetMap</a>";
}
