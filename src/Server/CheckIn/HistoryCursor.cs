using System.Globalization;
using Tracing.Matching;
using Tracing.Matching.Model;

namespace Tracing.Server.CheckIn;

/// <summary>
/// The order of the scan history (newest scan first, then newest received, then venue, visitor, controller,
/// direction and method) and the page token that marks a place in it: the next page starts after that place, so
/// scans arriving meanwhile at the top do not shift the pages below.
/// </summary>
internal sealed record HistoryCursor(long At, long ReceivedAt, uint Venue, uint Person, uint Controller, byte Direction, byte Method) : IComparable<HistoryCursor>
{
    private const string Version = "h1";

    public static HistoryCursor Of(in ScanEvent scan) => new(scan.At, scan.ReceivedAt, scan.Venue, scan.Person, scan.Controller, (byte)scan.Direction, (byte)scan.Method);

    /// <summary>The cursor of a page token; null for none; refuses a token this server did not give out.</summary>
    public static HistoryCursor? Parse(string token)
    {
        if (token.Length == 0)
            return null;
        var parts = token.Split('.');
        if (parts.Length == 8 && parts[0] == Version
            && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var at)
            && long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var received)
            && uint.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var venue)
            && uint.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var person)
            && uint.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var controller)
            && byte.TryParse(parts[6], NumberStyles.None, CultureInfo.InvariantCulture, out var direction)
            && byte.TryParse(parts[7], NumberStyles.None, CultureInfo.InvariantCulture, out var method))
        {
            return new HistoryCursor(at, received, venue, person, controller, direction, method);
        }
        throw new TracingException(TracingError.InvalidArgument, "page_token is not one this server gave out; pass a response's next_page_token unchanged.", "Trang kết quả yêu cầu không hợp lệ. Bạn hãy tải lại lịch sử từ trang đầu.");
    }

    public string ToToken() => string.Join('.', Version, At, ReceivedAt, Venue, Person, Controller, Direction, Method);

    /// <summary>Negative when this comes first in the history (newer).</summary>
    public int CompareTo(HistoryCursor? other)
    {
        if (other is null)
            return -1;
        var order = other.At.CompareTo(At);
        if (order == 0)
            order = other.ReceivedAt.CompareTo(ReceivedAt);
        if (order == 0)
            order = Venue.CompareTo(other.Venue);
        if (order == 0)
            order = Person.CompareTo(other.Person);
        if (order == 0)
            order = Controller.CompareTo(other.Controller);
        if (order == 0)
            order = Direction.CompareTo(other.Direction);
        return order != 0 ? order : Method.CompareTo(other.Method);
    }
}
