namespace Tracing.Server.Web;

/// <summary>The pages served on the <c>Web</c> endpoint.</summary>
internal static class WebPages
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/", (HttpContext context) => HomePage.Show(PortalSession.TokenOf(context) is not null));
        HelpPage.Map(app);
        RegistrationPage.Map(app);
        CheckInPage.Map(app);
        SignInPages.Map(app);
        VenueListPage.Map(app);
        VenuePage.Map(app);
        ScanHistoryPage.Map(app);
        MyVisitsPage.Map(app);
        VenueManagersSection.Map(app);
        VenueAccessPages.Map(app);
        DoorPage.Map(app);
        PersonalQrPage.Map(app);
        SafetyMapPage.Map(app);
        CoveragePage.Map(app);
        RegionPicker.Map(app);
        BrowserLibraries.Map(app);
    }
}
