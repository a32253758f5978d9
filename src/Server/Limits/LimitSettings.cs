namespace Tracing.Server.Limits;

/// <summary>
/// The <c>Tracing:Limits</c> configuration section: how many calls of a kind one phone, device or network address
/// may make in a window of the server's clock before the call is answered RESOURCE_EXHAUSTED. The defaults are
/// for a national system: well above what a person's phone does in a day, far below a flood.
/// </summary>
public sealed class LimitSettings
{
    /// <summary>False turns every limit off (load tests that drive millions of calls from a few devices).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>RequestOtp per phone number: a code, a resend or two, a retry later.</summary>
    public WindowLimit OtpRequestsPerPhone { get; set; } = new(5, TimeSpan.FromHours(1));

    /// <summary>RequestOtp per network address, across phone numbers: SMS cost floods (SMS pumping).</summary>
    public WindowLimit OtpRequestsPerAddress { get; set; } = new(100, TimeSpan.FromHours(1));

    /// <summary>
    /// RequestVenueAccess per network address, across askers: each sends an SMS with an approval code to a venue's
    /// registrant, so it is an SMS cost (and a registrant's nuisance) that many accounts behind one address could flood;
    /// the engine also rations each asker (3 a day per venue, 10 venues a day).
    /// </summary>
    public WindowLimit VenueAccessRequestsPerAddress { get; set; } = new(30, TimeSpan.FromHours(1));

    /// <summary>VerifyOtp per phone number: guesses at its six digits, before the engine voids a code at five wrong.</summary>
    public WindowLimit OtpChecksPerPhone { get; set; } = new(10, TimeSpan.FromHours(1));

    /// <summary>RegisterDevice per network address (carrier NAT puts many phones behind one).</summary>
    public WindowLimit DeviceRegistrationsPerAddress { get; set; } = new(300, TimeSpan.FromHours(1));

    /// <summary>UploadContacts calls per device: one every ten minutes (an identifier's lifetime) all day.</summary>
    public WindowLimit ContactUploadsPerDevice { get; set; } = new(144, TimeSpan.FromDays(1));

    /// <summary>
    /// Bluetooth observations per device, over all its UploadContacts batches: one call may stream many. A phone
    /// scans every few minutes and hears each nearby phone under a new identifier every 10 to 20 minutes; in a crowd
    /// all day (a market, a bus depot: 100 phones around it) that is under 10,000 observations a day, so 50,000 leaves
    /// five times that and still stops one device from filling the store for the country.
    /// </summary>
    public WindowLimit ObservationsPerDevice { get; set; } = new(50_000, TimeSpan.FromDays(1));

    /// <summary>UploadDiagnosisKeys per device: guesses at verification codes, before the engine's five wrong an hour.</summary>
    public WindowLimit KeyUploadsPerDevice { get; set; } = new(10, TimeSpan.FromDays(1));

    /// <summary>
    /// ReportCase per health department key, refused ones included (a report by phone also tells whether the phone is
    /// registered). Above a province's case-by-case tracing on all but the worst days of 2021, and a ceiling on what a
    /// leaked key can unmask: each case opens its contacts' phones in the tracing report. A province in a surge raises
    /// it, or gives each district office its own key.
    /// </summary>
    public WindowLimit CasesPerKey { get; set; } = new(5000, TimeSpan.FromDays(1));

    /// <summary>SubmitFeedback per person, refused ones included (the engine keeps twenty a day).</summary>
    public WindowLimit FeedbackPerPerson { get; set; } = new(30, TimeSpan.FromDays(1));
}
