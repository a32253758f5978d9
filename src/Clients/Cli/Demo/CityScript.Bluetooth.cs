using Tracing.V1;

namespace Tracing.Cli.Demo;

internal sealed partial class CityScript
{
    // Vietnam's midnight: a server may count "per observer and day" in local days rather than UTC days.
    private static readonly TimeSpan s_vietnamOffset = TimeSpan.FromHours(7);

    private async Task ExchangeBluetoothAsync(CancellationToken cancellationToken)
    {
        _out.WriteLine("4. Bluetooth: phones near An's phone record its rotating identifiers and upload them.");
        await HearAsync(_phuc, _an, _now - TimeSpan.FromHours(6), TimeSpan.FromMinutes(20), rssi: -60, txPower: -5, cancellationToken).ConfigureAwait(false);
        await HearAsync(_dung, _an, _now - TimeSpan.FromMinutes(135), TimeSpan.FromMinutes(10), rssi: -85, txPower: -5, cancellationToken).ConfigureAwait(false);
        _out.WriteLine();
    }

    private async Task HearAsync(Resident listener, Resident broadcaster, DateTimeOffset from, TimeSpan duration, int rssi, int txPower, CancellationToken cancellationToken)
    {
        Begin($"uploading what {listener.Name}'s phone heard");
        from = WithinOneDay(from, duration);
        IReadOnlyList<ContactObservation> observations = broadcaster.Device.HeardFor(from, duration, rssi, txPower);
        UploadContactsResponse response = await listener.SignedIn.UploadObservationsAsync(observations, cancellationToken: cancellationToken).ConfigureAwait(false);
        _out.WriteLine(
            $"   {listener.Name} heard {broadcaster.Name} {CityText.Time(from)}–{CityText.Time(from + duration)} at attenuation {txPower - rssi} dB " +
            $"(rssi {rssi}, tx power {txPower}): {observations.Count} observations, one per 10-minute identifier; " +
            $"accepted {response.Accepted}, rejected {response.Rejected}");
        if (response.Rejected > 0)
        {
            string reasons = response.RejectionReasons.Count > 0 ? string.Join("; ", response.RejectionReasons) : "no reason given";
            throw new CityScriptException(_step, $"the server rejected {response.Rejected} of {listener.Name}'s observations: {CityText.OneLine(reasons)}");
        }
    }

    // Weighted minutes add up per observer and day: an encounter straddling midnight (UTC or Vietnam's) would be
    // split into two short ones, so move it to end at that midnight instead.
    private static DateTimeOffset WithinOneDay(DateTimeOffset from, TimeSpan duration)
    {
        foreach (TimeSpan offset in (ReadOnlySpan<TimeSpan>)[TimeSpan.Zero, s_vietnamOffset])
        {
            DateTimeOffset local = from.ToOffset(offset);
            DateTimeOffset nextMidnight = new DateTimeOffset(local.Date, offset).AddDays(1);
            if (from + duration > nextMidnight)
            {
                from = nextMidnight - duration;
            }
        }

        return from;
    }
}
