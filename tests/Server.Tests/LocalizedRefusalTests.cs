using Google.Protobuf;
using Grpc.Core;
using Tracing.Clients;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// Refusals speak Vietnamese to the person in front of the screen: each kind carries a vi-VN
/// <c>google.rpc.LocalizedMessage</c> in its status details beside the English message (the portal and the CLI show
/// it), a wrong code says how many tries are left, and a form's refusal names each invalid field in Vietnamese.
/// </summary>
public sealed class LocalizedRefusalTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task Every_kind_of_refusal_carries_a_Vietnamese_sentence_beside_the_English_one()
    {
        using var anonymous = Server.Anonymous();
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var (stranger, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Tiệm Sách Phương Nam");

        var unauthenticated = await Refusals.AssertAsync(StatusCode.Unauthenticated, () => anonymous.Venues.ListMyVenuesAsync(new ListMyVenuesRequest()).ResponseAsync);
        Assert.Contains("đăng nhập", unauthenticated.Vietnamese(), StringComparison.Ordinal);

        var mistyped = await Refusals.AssertAsync(StatusCode.InvalidArgument, () => manager.Venues.GetVenueAsync(new GetVenueRequest { VenueId = "khong-co" }).ResponseAsync, "not a venue code");
        Assert.Equal("\"khong-co\" không phải là mã địa điểm: mã địa điểm bắt đầu bằng chữ V, ví dụ V-7K3M9-Q2X4T-C.", mistyped.Vietnamese());

        var unknown = VenueCode.Display(VenueCode.New());
        var notFound = await Refusals.AssertAsync(StatusCode.NotFound, () => manager.Venues.GetVenueAsync(new GetVenueRequest { VenueId = unknown }).ResponseAsync, unknown);
        Assert.Contains(unknown, notFound.Vietnamese(), StringComparison.Ordinal);
        Assert.Contains("Không có địa điểm nào", notFound.Vietnamese(), StringComparison.Ordinal);

        var denied = await Refusals.AssertAsync(StatusCode.PermissionDenied, () => stranger.Venues.ListVenueManagersAsync(new ListVenueManagersRequest { VenueId = venue.VenueId }).ResponseAsync);
        Assert.StartsWith("Chỉ người quản lý của địa điểm", denied.Vietnamese(), StringComparison.Ordinal);

        // Over the 1 MiB a request may take, refused before any service code runs.
        var oversized = await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => manager.Venues.RegisterVenueAsync(new RegisterVenueRequest { Name = new string('x', 2 << 20) }).ResponseAsync, "1,048,576 bytes");
        Assert.Contains("quá lớn", oversized.Vietnamese(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_of_the_grpc_layer_itself_carry_a_Vietnamese_sentence_too()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        using var raw = new RawGrpc(Server.GrpcAddress);
        var bearer = ("authorization", "Bearer " + Citizens.TokenOf(manager));

        // Not protobuf at all: refused by this server's decoding, naming the message type in English.
        var malformed = await raw.CallAsync("/tracing.v1.VenueService/RegisterVenue", RawGrpc.Frame([0xFF, 0xFF, 0xFF, 0xFF]), bearer);
        Assert.Equal(StatusCode.InvalidArgument, malformed.Status);
        VietnameseRefusals.CheckSentence(malformed.Vietnamese, malformed.ToString());
        Assert.Contains("không đúng định dạng", malformed.Vietnamese, StringComparison.Ordinal);

        // A frame cut short and a method that does not exist are answered by gRPC before this server's code runs.
        var truncated = await raw.CallAsync("/tracing.v1.VenueService/RegisterVenue", [0, 0, 0], bearer);
        Assert.Equal(StatusCode.Internal, truncated.Status);
        VietnameseRefusals.CheckSentence(truncated.Vietnamese, truncated.ToString());
        var unknownMethod = await raw.CallAsync("/tracing.v1.VenueService/NoSuchMethod", RawGrpc.Frame([]), bearer);
        Assert.Equal(StatusCode.Unimplemented, unknownMethod.Status);
        VietnameseRefusals.CheckSentence(unknownMethod.Vietnamese, unknownMethod.ToString());
    }

    [Fact]
    public async Task A_wrong_one_time_password_says_it_is_wrong_and_how_many_tries_are_left()
    {
        using var anonymous = Server.Anonymous();
        var phone = Citizens.NewPhone();
        var outbox = new SmsOutbox(Server.OutboxPath);
        var position = outbox.GetPosition();
        await anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone });
        var code = await outbox.WaitForCodeAsync(phone, position, TimeSpan.FromSeconds(10));
        var wrong = (code[0] == '9' ? '1' : (char)(code[0] + 1)) + code[1..];

        for (var left = PhoneVerification.MaxAttempts - 1; left > 0; left--)
        {
            var refusal = await Refusals.AssertAsync(StatusCode.PermissionDenied, () => anonymous.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = wrong }).ResponseAsync, $"{left} tries left");
            Assert.Equal($"Mã OTP không đúng. Bạn còn {left} lần thử.", refusal.Vietnamese());
        }
        var exhausted = await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => anonymous.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = wrong }).ResponseAsync);
        Assert.Contains("đã bị huỷ", exhausted.Vietnamese(), StringComparison.Ordinal);
        Assert.Contains("yêu cầu gửi mã mới", exhausted.Vietnamese(), StringComparison.Ordinal);
        // The right code is void now too: the person is told to ask for a new one, not that they are not allowed.
        var voided = await Refusals.AssertAsync(StatusCode.FailedPrecondition, () => anonymous.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = code }).ResponseAsync);
        Assert.Contains("yêu cầu gửi mã mới", voided.Vietnamese(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_of_several_fields_lists_each_field_with_its_Vietnamese_sentence()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var request = new RegisterVenueRequest
        {
            Name = "Quán Cà Phê Sai Địa Chỉ",
            ProvinceCode = "79",
            DistrictCode = "001", // a district of Hà Nội, not of Hồ Chí Minh City
            WardCode = "99999",   // no ward has this code
            StreetAddress = "12 Lê Lợi",
            RegistrantName = "Trần Thị Bình",
        };

        var refusal = await Refusals.AssertAsync(StatusCode.InvalidArgument, () => manager.Venues.RegisterVenueAsync(request).ResponseAsync, "district_code", "ward_code");

        var fields = refusal.InvalidFields().ToDictionary(f => f.Field, f => f.Vietnamese);
        Assert.Equal(["district_code", "ward_code"], fields.Keys.Order());
        Assert.Contains("không thuộc Thành phố Hồ Chí Minh", fields["district_code"], StringComparison.Ordinal);
        Assert.Contains("Phường/Xã \"99999\"", fields["ward_code"], StringComparison.Ordinal);
        // The summary sentence carries both, for a client that shows one line.
        Assert.All(fields.Values, sentence => Assert.Contains(sentence, refusal.Vietnamese(), StringComparison.Ordinal));
        Assert.Empty((await manager.Venues.ListMyVenuesAsync(new ListMyVenuesRequest())).Venues);
    }

    [Fact]
    public void The_contract_names_a_Vietnamese_sentence_must_not_use_are_collected_from_the_descriptors()
    {
        Assert.Contains("venue_id", VietnameseRefusals.ForbiddenNames);
        Assert.Contains("AddManagedVenue", VietnameseRefusals.ForbiddenNames);
        Assert.Contains("scan_method_self", VietnameseRefusals.ForbiddenNames);
        Assert.NotNull(VietnameseRefusals.Problem("Bạn hãy nhập venue_id."));
        Assert.NotNull(VietnameseRefusals.Problem("Bạn hãy gọi AddManagedVenue."));
        Assert.NotNull(VietnameseRefusals.Problem("Wrong code; 2 tries left."));
        Assert.NotNull(VietnameseRefusals.Problem(null));
        Assert.Null(VietnameseRefusals.Problem("Mã OTP không đúng. Bạn còn 2 lần thử."));
    }
}
