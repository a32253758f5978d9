using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// Who may call what (the contract's roles), as one table over the real server: a row per RPC — or per way of
/// calling it, where the role decides by how it is called — and a column per <see cref="Role"/>. Each cell makes the
/// request that role would really make (a manager's own venue A, a health department of 01 asking about province 79)
/// and gets either through (<c>A</c>) or the exact refusal: UNAUTHENTICATED (<c>U</c>) without the credential the
/// call needs, PERMISSION_DENIED (<c>P</c>) for the wrong role, venue or province, FAILED_PRECONDITION (<c>F</c>) for
/// what no one may do (remove a venue's registrant). Where a cheap probe exists, a
/// refused call is shown to have written nothing. Every method of the generated descriptors must have a row.
/// </summary>
public sealed partial class AuthorizationMatrixTests(AuthorizationWorld world) : IClassFixture<AuthorizationWorld>
{
    private const StatusCode A = StatusCode.OK;
    private const StatusCode U = StatusCode.Unauthenticated;
    private const StatusCode P = StatusCode.PermissionDenied;
    private const StatusCode F = StatusCode.FailedPrecondition;

    private static readonly Row[] s_matrix =
    [
        //                                                    anon citizen device oMgr  mgr  oHD   HD  partner oPartner operator
        new("AuthService.RequestOtp", "",                     [A,   A,      A,     A,    A,   A,    A,  P,      P,  P], RequestOtpAsync, SmsSentAsync),
        new("AuthService.VerifyOtp", "",                      [A,   A,      A,     A,    A,   A,    A,  P,      P,  P], VerifyOtpAsync),
        new("AuthService.RegisterDevice", "",                 [A,   A,      A,     A,    A,   A,    A,  P,      P,  P], RegisterDeviceAsync),
        new("AuthService.SignOutEverywhere", "",              [U,   A,      A,     A,    A,   P,    P,  P,      P,  P], SignOutEverywhereAsync),
        new("VenueService.RegisterVenue", "",                 [U,   A,      P,     A,    A,   P,    P,  P,      P,  P], RegisterVenueAsync, VenuesInMatrixWardAsync),
        new("VenueService.GetVenue", "",                      [U,   A,      A,     A,    A,   A,    A,  P,      P,  P], GetVenueAsync),
        new("VenueService.ListMyVenues", "",                  [U,   A,      A,     A,    A,   P,    P,  P,      P,  P], ListMyVenuesAsync),
        new("VenueService.AddManagedVenue", "venue id only",  [U,   P,      P,     P,    A,   P,    P,  P,      P,  P], AddManagedVenueByIdAsync, ManagersOfVenueAAsync),
        new("VenueService.AddManagedVenue", "co-manager by phone", [U, P,   P,     P,    A,   P,    P,  P,      P,  P], AddCoManagerByPhoneAsync, ManagersOfVenueAAsync),
        new("VenueService.AddManagedVenue", "approval code",  [U,   A,      P,     A,    A,   P,    P,  P,      P,  P], AddManagedVenueWithApprovalAsync),
        new("VenueService.AddManagedVenue", "wrong approval code", [U, P,   P,     P,    A,   P,    P,  P,      P,  P], AddManagedVenueWithWrongCodeAsync, ManagersOfVenueAAsync),
        new("VenueService.RequestVenueAccess", "",            [U,   A,      P,     A,    A,   P,    P,  P,      P,  P], RequestVenueAccessAsync, SmsSentAsync),
        new("VenueService.ListVenueManagers", "",             [U,   P,      P,     P,    A,   P,    P,  P,      P,  P], ListVenueManagersAsync),
        new("VenueService.RemoveVenueManager", "co-manager",  [U,   P,      P,     P,    A,   P,    P,  P,      P,  P], RemoveCoManagerAsync),
        new("VenueService.RemoveVenueManager", "registrant",  [U,   P,      P,     P,    F,   P,    P,  P,      P,  P], RemoveRegistrantAsync, ManagersOfVenueAAsync),
        new("VenueService.GetVenueQrCode", "",                [U,   P,      P,     P,    A,   P,    A,  P,      P,  P], GetVenueQrCodeAsync),
        new("VenueService.GetPersonalQrCode", "",             [U,   A,      A,     A,    A,   P,    P,  P,      P,  P], GetPersonalQrCodeAsync),
        new("DeclarationService.SubmitDeclaration", "",       [U,   A,      A,     A,    A,   P,    P,  P,      P,  P], SubmitDeclarationAsync, DeclarationsIn79Async),
        new("DeclarationService.GetDeclarationStatus", "",    [U,   A,      A,     A,    A,   P,    P,  P,      P,  P], GetDeclarationStatusAsync),
        new("CheckInService.Scan", "self",                    [U,   A,      A,     A,    A,   P,    P,  P,      P,  P], SelfScanAsync, ScansAtVenueAAsync),
        new("CheckInService.Scan", "controller",              [U,   P,      P,     P,    A,   P,    P,  P,      P,  P], ControllerScanAsync, ScansAtVenueAAsync),
        new("CheckInService.Scan", "manual",                  [U,   P,      P,     P,    A,   P,    P,  P,      P,  P], ManualEntryAsync, ScansAtVenueAAsync),
        new("CheckInService.StreamScans", "self",             [U,   A,      A,     A,    A,   P,    P,  P,      P,  P], StreamSelfScanAsync, ScansAtVenueAAsync),
        new("CheckInService.StreamScans", "controller",       [U,   P,      P,     P,    A,   P,    P,  P,      P,  P], StreamControllerScanAsync, ScansAtVenueAAsync),
        new("CheckInService.ListScanHistory", "",             [U,   P,      P,     P,    A,   P,    A,  P,      P,  P], ListScanHistoryAsync),
        new("CheckInService.ExportScanHistory", "",           [U,   P,      P,     P,    A,   P,    A,  P,      P,  P], ExportScanHistoryAsync),
        new("CheckInService.ListMyVisits", "",                [U,   A,      A,     A,    A,   P,    P,  P,      P,  P], ListMyVisitsAsync),
        new("ContactService.UploadContacts", "",              [U,   A,      A,     A,    A,   P,    P,  P,      P,  P], UploadContactsAsync),
        new("CaseService.ReportCase", "",                     [U,   P,      P,     P,    P,   A,    A,  P,      P,  P], ReportCaseAsync),
        new("CaseService.UploadDiagnosisKeys", "",            [U,   A,      A,     A,    A,   P,    P,  P,      P,  P], UploadDiagnosisKeysAsync),
        new("CaseService.GetTracingReport", "",               [U,   P,      P,     P,    P,   P,    A,  P,      P,  P], GetTracingReportAsync),
        new("ExposureService.FetchNotifications", "",         [U,   P,      P,     P,    P,   P,    A,  A,      P,  P], FetchNotificationsAsync),
        new("ExposureService.WatchNotifications", "",         [U,   P,      P,     P,    P,   P,    A,  A,      P,  P], WatchNotificationsAsync),
        new("ExposureService.GetMyExposures", "",             [U,   A,      A,     A,    A,   P,    P,  P,      P,  P], GetMyExposuresAsync),
        new("SafetyService.SubmitSelfAssessment", "",         [U,   P,      P,     P,    A,   P,    P,  P,      P,  P], SubmitSelfAssessmentAsync, StandingOfVenueAAsync),
        new("SafetyService.SubmitFeedback", "",               [U,   A,      A,     A,    A,   P,    P,  P,      P,  P], SubmitFeedbackAsync, StandingOfVenueAAsync),
        new("SafetyService.QuerySafetyMap", "",               [A,   A,      A,     A,    A,   A,    A,  P,      P,  P], QuerySafetyMapAsync),
        new("ReportService.GetCoverage", "",                  [U,   P,      P,     P,    P,   P,    A,  P,      P,  P], GetCoverageAsync),
        new("AdminService.CreateBackup", "",                  [U,   P,      P,     P,    P,   P,    P,  P,      P,  A], CreateBackupAsync),
        new("RegionService.ListRegions", "",                  [A,   A,      A,     A,    A,   A,    A,  P,      P,  P], ListRegionsAsync),
    ];

    public static TheoryData<string, Role> Cells()
    {
        var cells = new TheoryData<string, Role>();
        foreach (var row in s_matrix)
        {
            foreach (var role in Enum.GetValues<Role>())
                cells.Add(row.Name, role);
        }
        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_role_is_let_through_or_refused_as_the_contract_says(string call, Role role)
    {
        var row = s_matrix.Single(r => r.Name == call);
        var expected = row.Expected[(int)role];
        var before = expected != A && row.Written is { } probe ? await probe(world) : null;

        StatusCode outcome;
        string detail;
        try
        {
            await row.Call(world, role);
            (outcome, detail) = (A, "");
        }
        catch (RpcException refusal)
        {
            (outcome, detail) = (refusal.StatusCode, refusal.Status.Detail);
            if (outcome != A)
                VietnameseRefusals.Check(refusal, $"{call} as {role}");
        }

        Assert.True(outcome == expected, $"{call} as {role}: expected {Name(expected)}, got {Name(outcome)} \"{detail}\"");
        if (expected == A)
            return;
        Assert.False(string.IsNullOrWhiteSpace(detail), $"{call} as {role} was refused without a message saying what to do.");
        if (before is not null)
            Assert.Equal(before, await row.Written!(world));
    }

    [Fact]
    public void Every_method_of_the_contract_has_a_row_and_every_row_a_cell_per_role()
    {
        var methods = typeof(AuthService).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .SelectMany(p => ((FileDescriptor)p!.GetValue(null)!).Services)
            .SelectMany(s => s.Methods)
            .Select(m => m.FullName)
            .ToHashSet(StringComparer.Ordinal);
        var rows = s_matrix.Select(r => "tracing.v1." + r.Rpc).ToHashSet(StringComparer.Ordinal);

        Assert.True(methods.Count >= 27, $"Found only {methods.Count} methods in the contract's descriptors.");
        Assert.Empty(methods.Except(rows).Order());
        Assert.Empty(rows.Except(methods).Order());
        Assert.All(s_matrix, r => Assert.Equal(Enum.GetValues<Role>().Length, r.Expected.Length));
        Assert.Equal(s_matrix.Length, s_matrix.Select(r => r.Name).Distinct().Count());
    }

    [Fact]
    public async Task A_venues_registrant_is_shown_to_its_managers_and_its_provinces_health_department_only()
    {
        async Task<bool> ShowsRegistrant(Role role)
        {
            var venue = (await world.Client(role).Venues.GetVenueAsync(new GetVenueRequest { VenueId = world.VenueA.VenueId })).Venue;
            Assert.Equal(world.VenueA.Name, venue.Name);
            return venue.RegistrantPhone.Length > 0 && venue.RegistrantName.Length > 0;
        }

        Assert.True(await ShowsRegistrant(Role.Manager));
        Assert.True(await ShowsRegistrant(Role.Health));
        Assert.False(await ShowsRegistrant(Role.OtherProvinceHealth));
        Assert.False(await ShowsRegistrant(Role.OtherVenueManager));
        Assert.False(await ShowsRegistrant(Role.Citizen));
        Assert.False(await ShowsRegistrant(Role.Device));
    }

    [Fact]
    public async Task A_scan_stream_without_a_persons_token_is_refused_as_a_call_before_any_scan()
    {
        // Refused scans come back one by one in the stream's answers; missing credentials end the call itself.
        foreach (var (role, status) in new[] { (Role.Anonymous, U), (Role.Health, P), (Role.Partner, P) })
        {
            using var call = world.Client(role).CheckIn.StreamScans(deadline: DateTime.UtcNow.AddSeconds(10));
            var refusal = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(status, refusal.StatusCode);
        }
    }

    private static string Name(StatusCode status) => status == A ? "allowed" : status.ToString();

    /// <summary>One RPC, or one way of calling it, and what each role gets (in <see cref="Role"/> order).</summary>
    /// <param name="Written">
    /// Something a refused call would change if it wrongly wrote anything, read before and after each refusal.
    /// </param>
    private sealed record Row(string Rpc, string Variant, StatusCode[] Expected, Func<AuthorizationWorld, Role, Task> Call, Func<AuthorizationWorld, Task<string>>? Written = null)
    {
        public string Name => Variant.Length == 0 ? Rpc : $"{Rpc} ({Variant})";
    }
}
