using System.Globalization;
using Grpc.Core;
using Tracing.Matching.Regions;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// "Đăng ký địa điểm" (<c>/dang-ky-dia-diem</c>): someone not signed in registers in three steps (information → the
/// one-time code texted to their phone, which signs them in → done); someone signed in in two, with their name and
/// phone filled in. Every invalid field is reported at once beside its field, and nothing typed is lost.
/// </summary>
internal static class RegistrationPage
{
    public const string Path = "/dang-ky-dia-diem";

    public static void Map(WebApplication app)
    {
        app.MapGet(Path, ShowAsync);
        app.MapPost(Path, SubmitAsync);
        // The first portal's form posted here; it still registers (signed in), with the old field names too.
        app.MapPost("/dia-diem", SubmitAsync);
        app.MapPost(Path + "/otp", ConfirmAsync);
        app.MapGet(Path + "/hoan-thanh/{venueId}", DoneAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend)
    {
        var token = PortalSession.TokenOf(context);
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["category"] = "restaurant" };
        return await InformationAsync(context, backend, token, values, new Dictionary<string, string>(), "");
    }

    /// <summary>Step 1 sent: redraw (no-JS region lists), refuse with every problem, register (signed in) or text a code.</summary>
    private static async Task<IResult> SubmitAsync(HttpContext context, PortalBackend backend)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var values = RegistrationForm.Read(form);
        var token = PortalSession.TokenOf(context);
        if (RegionPicker.IsRefresh(form))
            return await InformationAsync(context, backend, token, values, new Dictionary<string, string>(), "");
        var errors = Problems(values, signedIn: token is not null);
        if (errors.Count > 0)
            return await InformationAsync(context, backend, token, values, errors, "");
        if (token is not null)
            return await RegisterAsync(context, backend, token, values, withOtp: false);
        return await SendCodeAsync(context, backend, values, "");
    }

    /// <summary>Step 2 sent: back to step 1, a new code, or the code: sign in, then register.</summary>
    private static async Task<IResult> ConfirmAsync(HttpContext context, PortalBackend backend)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var values = RegistrationForm.Read(form);
        var phone = PhoneNumber.Normalize(RegistrationForm.Value(values, "registrant_phone")) ?? "";
        var step = form["buoc"].ToString();
        if (step == "quay-lai" || phone.Length == 0)
            return await InformationAsync(context, backend, PortalSession.TokenOf(context), values, Problems(values, signedIn: false), "");
        if (step == "gui-lai")
            return await SendCodeAsync(context, backend, values, "");
        var expiresAt = long.TryParse(form["otp_expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UtcNow;
        var code = form["otp"].ToString().Replace(" ", "", StringComparison.Ordinal).Trim();
        if (code.Length == 0)
            return CodePage(values, phone, expiresAt, "Bạn vui lòng nhập Mã OTP (6 chữ số trong tin nhắn).", "");
        VerifyOtpResponse verified;
        try
        {
            verified = await backend.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = code }, PortalBackend.ForVisitor(context));
        }
        catch (RpcException failed)
        {
            return CodePage(values, phone, expiresAt, failed.Readable(), "");
        }
        PortalSession.SignIn(context, verified.AccessToken, verified.ExpiresAt.ToDateTimeOffset(), phone);
        return await RegisterAsync(context, backend, verified.AccessToken, values, withOtp: true);
    }

    private static async Task<IResult> DoneAsync(HttpContext context, PortalBackend backend, string venueId)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst($"{Path}/hoan-thanh/{Uri.EscapeDataString(venueId)}");
        try
        {
            var venue = (await backend.Venues.GetVenueAsync(new GetVenueRequest { VenueId = venueId }, PortalBackend.As(token, context.RequestAborted))).Venue;
            return Html.Page("Hoàn thành đăng ký", RegistrationForm.Done(venue, context.Request.Query.ContainsKey("otp")), signedIn: true);
        }
        catch (RpcException failed)
        {
            return Html.Page("Đăng ký địa điểm", "<h1>Đăng ký mã QR địa điểm</h1>" + Html.Failure(failed), signedIn: true);
        }
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, PortalBackend backend, string token, Dictionary<string, string> values, bool withOtp)
    {
        var request = new RegisterVenueRequest
        {
            Name = values["name"],
            ProvinceCode = values[RegionPicker.ProvinceField],
            DistrictCode = values[RegionPicker.DistrictField],
            WardCode = values[RegionPicker.WardField],
            StreetAddress = values["street_address"],
            RegistrantName = values["registrant_name"],
            Category = values["category"],
            ParentVenueId = values["parent_venue_id"],
            Labels = { values["labels"].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) },
        };
        if (Position(values["position"]) is { } at)
            (request.Latitude, request.Longitude) = at;
        try
        {
            var registered = await backend.Venues.RegisterVenueAsync(request, PortalBackend.As(token, context.RequestAborted));
            return Results.Redirect($"{Path}/hoan-thanh/{Uri.EscapeDataString(registered.Venue.VenueId)}{(withOtp ? "?otp=1" : "")}");
        }
        catch (RpcException failed) when (failed.StatusCode == StatusCode.Unauthenticated && !withOtp)
        {
            // The session ended meanwhile: register as a stranger would, keeping what was typed.
            PortalSession.SignOut(context);
            return await InformationAsync(context, backend, null, values, new Dictionary<string, string>(), Html.Notice("error", "Phiên đăng nhập đã hết hạn; hãy đăng ký lại bằng mã OTP."));
        }
        catch (RpcException failed)
        {
            var errors = failed.InvalidFields().GroupBy(f => FormField(f.Field)).ToDictionary(g => g.Key, g => g.First().Vietnamese, StringComparer.Ordinal);
            return await InformationAsync(context, backend, token, values, errors, errors.Count > 0 ? "" : Html.Failure(failed));
        }
    }

    private static async Task<IResult> SendCodeAsync(HttpContext context, PortalBackend backend, Dictionary<string, string> values, string notice)
    {
        var phone = PhoneNumber.Normalize(values["registrant_phone"])!;
        try
        {
            var sent = await backend.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone }, PortalBackend.ForVisitor(context));
            return CodePage(values, phone, sent.ExpiresAt.ToDateTimeOffset(), null, notice);
        }
        catch (RpcException failed) when (failed.StatusCode == StatusCode.ResourceExhausted && StillValid(values, phone) is { } expiresAt)
        {
            // Back from step 2 and on again before a new code may be sent: the code already sent still works.
            return CodePage(values, phone, expiresAt, null, Html.Notice("ok", "Mã OTP đã gửi trước đó vẫn còn hiệu lực; hãy dùng mã trong tin nhắn đó."));
        }
        catch (RpcException failed)
        {
            return await InformationAsync(context, backend, null, values, new Dictionary<string, string>(), Html.Failure(failed));
        }
    }

    /// <summary>When the code last texted went to <paramref name="phone"/> and has not expired: its expiry.</summary>
    private static DateTimeOffset? StillValid(Dictionary<string, string> values, string phone)
        => values.GetValueOrDefault("otp_phone") == phone
            && long.TryParse(values.GetValueOrDefault("otp_expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && DateTimeOffset.FromUnixTimeSeconds(seconds) is var expiresAt && expiresAt > DateTimeOffset.UtcNow
                ? expiresAt
                : null;

    private static IResult CodePage(Dictionary<string, string> values, string phone, DateTimeOffset expiresAt, string? error, string notice)
        => Html.Page("Nhập mã OTP", RegistrationForm.OneTimeCode(values, phone, expiresAt, error, notice), signedIn: false);

    private static async Task<IResult> InformationAsync(HttpContext context, PortalBackend backend, string? token, Dictionary<string, string> values, IReadOnlyDictionary<string, string> errors, string notice)
    {
        IReadOnlyList<Venue> mine = [];
        var phone = PortalSession.PhoneOf(context);
        if (token is not null)
        {
            try
            {
                mine = (await backend.Venues.ListMyVenuesAsync(new ListMyVenuesRequest(), PortalBackend.As(token, context.RequestAborted))).Venues;
            }
            catch (RpcException failed) when (failed.StatusCode == StatusCode.Unauthenticated)
            {
                PortalSession.SignOut(context);
                token = null;
            }
            // Signed in: the registrant is who signed in; their name as on their last registration.
            if (values.GetValueOrDefault("registrant_name", "").Length == 0
                && mine.LastOrDefault(v => v.RegistrantPhone == phone && v.RegistrantName.Length > 0) is { } last)
                values["registrant_name"] = last.RegistrantName;
        }
        var title = errors.Count > 0 ? "Đăng ký địa điểm — cần sửa thông tin" : "Đăng ký địa điểm";
        var status = errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK;
        return Html.Page(title, RegistrationForm.Information(values, errors, phone, token is not null, mine, notice), token is not null, status);
    }

    /// <summary>Every problem of step 1 found here, by field, before a code is texted (the server checks again).</summary>
    private static Dictionary<string, string> Problems(Dictionary<string, string> values, bool signedIn)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (values["name"].Length == 0)
            errors["name"] = "Bạn vui lòng nhập Tên địa điểm.";
        foreach (var problem in AdministrativeRegions.Problems(values[RegionPicker.ProvinceField], values[RegionPicker.DistrictField], values[RegionPicker.WardField]))
            errors.TryAdd(problem.Field, problem.Vietnamese);
        if (values["street_address"].Length == 0)
            errors["street_address"] = "Bạn vui lòng nhập Số nhà, phố, tổ dân phố/thôn/đội.";
        if (values["registrant_name"].Length == 0)
            errors["registrant_name"] = "Bạn vui lòng nhập Họ và tên người đăng ký.";
        if (!signedIn && PhoneNumber.Normalize(values["registrant_phone"]) is null)
        {
            errors["registrant_phone"] = values["registrant_phone"].Length == 0
                ? "Bạn vui lòng nhập Số điện thoại người đăng ký."
                : "Số điện thoại chưa đúng: số di động 10 chữ số bắt đầu bằng 0, ví dụ 0912345678.";
        }
        if (values["position"].Length > 0 && Position(values["position"]) is null)
            errors["position"] = "Vị trí là hai số cách nhau bằng dấu phẩy: vĩ độ, kinh độ (ví dụ 10.7769, 106.7009); để trống nếu không biết.";
        return errors;
    }

    /// <summary>The form's field for a contract field the server named (the map position is one field here).</summary>
    private static string FormField(string field) => field switch
    {
        "latitude" or "longitude" => "position",
        "province" => RegionPicker.ProvinceField,
        "district" => RegionPicker.DistrictField,
        "ward" => RegionPicker.WardField,
        _ => field,
    };

    /// <summary>"latitude, longitude" as typed (or copied from a map app); null when it is not two numbers.</summary>
    private static (double Latitude, double Longitude)? Position(string typed)
    {
        var parts = typed.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
            ? (latitude, longitude)
            : null;
    }
}
