using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.DependencyInjection;
using Tracing.Clients;
using Tracing.Matching;
using Tracing.Server.Grpc;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// Bytes no gRPC client of the contract would send, over the real server: messages that are not protobuf, frames cut
/// short or mislabelled, messages over the size limit. Each is refused with a status and a message saying what is
/// wrong, nothing of it is stored, and the server keeps serving.
/// </summary>
public sealed class MalformedInputTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string RegisterVenue = "/tracing.v1.VenueService/RegisterVenue";
    private const string ListScanHistory = "/tracing.v1.CheckInService/ListScanHistory";
    private const string UploadContacts = "/tracing.v1.ContactService/UploadContacts";
    private const string StreamScans = "/tracing.v1.CheckInService/StreamScans";

    private ServerProcess Server => fixture.Server;

    /// <summary>Protobuf damaged in the ways a decoder must catch, for a message whose field 1 is a string or (nested) a message holding one.</summary>
    private static IEnumerable<(string Damage, byte[] Bytes)> Undecodable(bool nested)
    {
        byte[] invalidUtf8 = [0x0A, 0x02, 0xC3, 0x28];
        yield return ("wire type 7", [0x0F, 0x01]);
        yield return ("field number 0", [0x00, 0x01]);
        yield return ("length past the end", [0x0A, 0x7F, 0x41, 0x42]);
        yield return ("varint of eleven bytes", [0x08, .. Enumerable.Repeat((byte)0xFF, 10), 0x01]);
        yield return ("string not UTF-8", nested ? [0x0A, (byte)invalidUtf8.Length, .. invalidUtf8] : invalidUtf8);
    }

    [Theory]
    [InlineData(RegisterVenue, "tracing.v1.RegisterVenueRequest", false)]
    [InlineData(ListScanHistory, "tracing.v1.ListScanHistoryRequest", false)]
    [InlineData(UploadContacts, "tracing.v1.UploadContactsRequest", true)]
    [InlineData(StreamScans, "tracing.v1.StreamScansRequest", true)]
    public async Task A_message_that_is_not_protobuf_is_invalid_argument_naming_its_type(string path, string messageType, bool nested)
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        using var raw = new RawGrpc(Server.GrpcAddress);
        foreach (var (damage, bytes) in Undecodable(nested))
        {
            var answer = await raw.CallAsync(path, RawGrpc.Frame(bytes), Bearer(manager));
            Assert.True(answer.Status == StatusCode.InvalidArgument, $"{damage}: {answer}");
            Assert.Contains(messageType, answer.Message, StringComparison.Ordinal);
            Assert.Contains("protos", answer.Message, StringComparison.Ordinal);
            VietnameseRefusals.CheckSentence(answer.Vietnamese, $"{damage}: {answer}");
        }
        await AssertServingAsync(manager);
    }

    [Fact]
    public async Task A_registration_damaged_after_its_valid_fields_registers_nothing()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var registration = new RegisterVenueRequest
        {
            Name = "Quán Hỏng Đuôi",
            ProvinceCode = "79",
            DistrictCode = "760",
            WardCode = "26734",
            StreetAddress = "3 Lê Lợi",
            RegistrantName = "Nguyễn Văn Quản",
        }.ToByteArray();
        using var raw = new RawGrpc(Server.GrpcAddress);

        // Every field decodes, then a field number 0 follows: the whole message is refused, not the fields before it kept.
        var answer = await raw.CallAsync(RegisterVenue, RawGrpc.Frame([.. registration, 0x00]), Bearer(manager));
        Assert.Equal(StatusCode.InvalidArgument, answer.Status);
        Assert.Empty((await manager.Venues.ListMyVenuesAsync(new ListMyVenuesRequest())).Venues);

        // The same bytes undamaged register the venue: it was the damage that was refused.
        Assert.Equal(StatusCode.OK, (await raw.CallAsync(RegisterVenue, RawGrpc.Frame(registration), Bearer(manager))).Status);
        Assert.Equal("Quán Hỏng Đuôi", Assert.Single((await manager.Venues.ListMyVenuesAsync(new ListMyVenuesRequest())).Venues).Name);
    }

    [Fact]
    public async Task A_contact_stream_broken_by_an_undecodable_message_is_refused_and_its_resent_batch_is_stored_once()
    {
        var (listener, _) = await Citizens.DeclaredDeviceAsync(Server, "Đỗ Văn Đứt");
        var heard = new SimulatedPhone(seed: 201).HeardFor(DateTimeOffset.UtcNow.AddHours(-3), TimeSpan.FromMinutes(30), rssi: -60, txPower: -5);
        var batch = new ContactBatch { BatchId = "batch-" + Guid.NewGuid().ToString("N"), Observations = { heard } };
        using var raw = new RawGrpc(Server.GrpcAddress);

        // A stream's batches are taken one by one: the one before the damaged message may have been logged, the call
        // fails, so the phone resends — and a batch id is never stored twice.
        var answer = await raw.CallAsync(UploadContacts, [.. RawGrpc.Frame(new UploadContactsRequest { Batch = batch }.ToByteArray()), .. RawGrpc.Frame([0x0F, 0x01])], Bearer(listener));
        Assert.Equal(StatusCode.InvalidArgument, answer.Status);
        Assert.Contains("tracing.v1.UploadContactsRequest", answer.Message, StringComparison.Ordinal);
        VietnameseRefusals.CheckSentence(answer.Vietnamese, answer.ToString());

        await listener.UploadContactsAsync([batch]);
        var contacts = Server.Services.GetRequiredService<TracingEngine>().Contacts;
        foreach (var observation in heard)
            Assert.Single(contacts.SightingsOf(observation.Rpi.Span));
    }

    [Theory]
    [InlineData(RegisterVenue, "truncated", StatusCode.Internal, "Incomplete message")]
    [InlineData(RegisterVenue, "header cut short", StatusCode.Internal, "Incomplete message")]
    [InlineData(RegisterVenue, "compressed without an encoding", StatusCode.Internal, "grpc-encoding")]
    [InlineData(RegisterVenue, "two messages", StatusCode.Internal, "Additional data")]
    [InlineData(RegisterVenue, "length prefix of 2 GiB", StatusCode.ResourceExhausted, "message size")]
    [InlineData(UploadContacts, "truncated", StatusCode.Internal, "Incomplete message")]
    [InlineData(UploadContacts, "header cut short", StatusCode.Internal, "Incomplete message")]
    [InlineData(UploadContacts, "compressed without an encoding", StatusCode.Internal, "grpc-encoding")]
    [InlineData(UploadContacts, "length prefix of 2 GiB", StatusCode.ResourceExhausted, "1,048,576")]
    public async Task A_broken_frame_is_refused_by_the_grpc_layer_and_the_server_keeps_serving(string path, string frame, StatusCode expected, string mention)
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var message = path == RegisterVenue
            ? new RegisterVenueRequest { Name = "Quán Khung Vỡ", ProvinceCode = "79", DistrictCode = "760", WardCode = "26734", StreetAddress = "4 Lê Lợi", RegistrantName = "Quản" }.ToByteArray()
            : new UploadContactsRequest { Batch = new ContactBatch { Observations = { new SimulatedPhone(seed: 202).HeardFor(DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromMinutes(5), -60, -5) } } }.ToByteArray();
        byte[] body = frame switch
        {
            "truncated" => RawGrpc.Frame(message, message.Length + 100),
            "header cut short" => [0, 0, 0],
            "compressed without an encoding" => RawGrpc.Frame(message, message.Length, compressed: true),
            "two messages" => [.. RawGrpc.Frame(message), .. RawGrpc.Frame(message)],
            _ => RawGrpc.Frame(message, int.MaxValue),
        };
        using var raw = new RawGrpc(Server.GrpcAddress);

        var answer = await raw.CallAsync(path, body, Bearer(manager));

        Assert.True(answer.Status == expected, $"{frame}: {answer}");
        Assert.Contains(mention, answer.Message, StringComparison.Ordinal);
        VietnameseRefusals.CheckSentence(answer.Vietnamese, $"{frame}: {answer}");
        Assert.Empty((await manager.Venues.ListMyVenuesAsync(new ListMyVenuesRequest())).Venues);
        await AssertServingAsync(manager);
    }

    [Fact]
    public async Task A_message_over_the_limit_is_resource_exhausted_naming_the_limit_and_nothing_is_stored()
    {
        var (listener, _) = await Citizens.DeclaredDeviceAsync(Server, "Hà Văn Quá Cỡ");
        var seen = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1));
        var oversized = new ContactBatch { BatchId = Guid.NewGuid().ToString("N") };
        for (var i = 0; i < 30_000; i++)
            oversized.Observations.Add(new ContactObservation { Rpi = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()), SeenAt = seen, DurationSeconds = 60, Rssi = -60, TxPower = -5 });
        Assert.True(new UploadContactsRequest { Batch = oversized }.CalculateSize() > RequestLimits.MaxMessageBytes);

        await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => listener.UploadContactsAsync([oversized]), "1,048,576 bytes", "10,000");
        var contacts = Server.Services.GetRequiredService<TracingEngine>().Contacts;
        Assert.Empty(contacts.SightingsOf(oversized.Observations[0].Rpi.Span));

        // Over the gRPC layer's 4 MiB cap the message is not even read; a stream still names the limit.
        using var raw = new RawGrpc(Server.GrpcAddress);
        var huge = RawGrpc.Frame(new byte[RequestLimits.TransportCapBytes + 1]);
        var streamed = await raw.CallAsync(UploadContacts, huge, Bearer(listener));
        Assert.True(streamed.Status == StatusCode.ResourceExhausted, streamed.ToString());
        Assert.Contains("1,048,576 bytes", streamed.Message, StringComparison.Ordinal);
        Assert.Contains("batches of at most 10,000", streamed.Message, StringComparison.Ordinal);
        VietnameseRefusals.CheckSentence(streamed.Vietnamese, streamed.ToString());
        Assert.Equal(StatusCode.ResourceExhausted, (await raw.CallAsync(RegisterVenue, huge, Bearer(listener))).Status);
        var between = await raw.CallAsync(RegisterVenue, RawGrpc.Frame(new byte[2 << 20]), Bearer(listener));
        Assert.True(between.Status == StatusCode.ResourceExhausted, between.ToString());
        Assert.Contains("tracing.v1.RegisterVenueRequest message is 2,097,152 bytes; the server reads at most 1,048,576 bytes", between.Message, StringComparison.Ordinal);
        VietnameseRefusals.CheckSentence(between.Vietnamese, between.ToString());

        // The same observations in batches of the allowed size go through.
        var first = new ContactBatch { BatchId = Guid.NewGuid().ToString("N"), Observations = { oversized.Observations.Take(10_000) } };
        Assert.Equal(10_000, (await listener.UploadContactsAsync([first])).Accepted);
        Assert.Single(contacts.SightingsOf(oversized.Observations[0].Rpi.Span));
    }

    [Fact]
    public async Task The_largest_legitimate_batch_fits_under_the_message_limit()
    {
        var (listener, _) = await Citizens.DeclaredDeviceAsync(Server, "Vũ Thị Đầy");
        // Every field at its longest valid encoding: a 128-character batch id of 3-byte UTF-8 characters, 16-byte
        // identifiers with metadata, nanoseconds, the longest duration and the extreme signal strengths.
        var seen = DateTimeOffset.UtcNow.AddHours(-1);
        var batch = new ContactBatch { BatchId = new string('ệ', 128) };
        for (var i = 0; i < 10_000; i++)
        {
            batch.Observations.Add(new ContactObservation
            {
                Rpi = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
                Aem = ByteString.CopyFrom([0xFF, 0xFF, 0xFF, 0xFF]),
                SeenAt = new Timestamp { Seconds = seen.ToUnixTimeSeconds(), Nanos = 999_999_999 },
                DurationSeconds = 3_600,
                Rssi = -127,
                TxPower = 20,
            });
        }
        var size = new UploadContactsRequest { Batch = batch }.CalculateSize();
        Assert.True(size * 2 < RequestLimits.MaxMessageBytes, $"The largest legitimate batch is {size:N0} bytes: it no longer fits twice under the {RequestLimits.MaxMessageBytes:N0}-byte limit.");

        var upload = await listener.UploadContactsAsync([batch]);
        Assert.Equal(10_000, upload.Accepted);
    }

    [Fact]
    public async Task Health_and_reflection_are_served_beside_the_guarded_services()
    {
        using var channel = GrpcChannel.ForAddress(Server.GrpcAddress);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None));
        var services = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("tracing.v1.ContactService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    private static (string, string) Bearer(TracingClient person) => ("authorization", "Bearer " + Citizens.TokenOf(person));

    /// <summary>The health check answers SERVING and the person's own calls work.</summary>
    private async Task AssertServingAsync(TracingClient person)
    {
        using var channel = GrpcChannel.ForAddress(Server.GrpcAddress);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        await person.Venues.ListMyVenuesAsync(new ListMyVenuesRequest());
        Assert.True((await person.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest())) is not null);
    }
}
