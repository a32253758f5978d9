using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Tracing.Server.Tests.Fuzz;
using Tracing.V1;
using Xunit.Abstractions;

namespace Tracing.Server.Tests;

/// <summary>
/// A seeded random mutator against every RPC of the contract, over the real server, each with the credential its
/// callers hold: valid requests (samples naming real venues and cases, and random well-formed messages) are damaged
/// byte by byte and sent. Every call must end, within its deadline, in an answer or a refusal a person can act on —
/// never UNKNOWN or INTERNAL (an exception escaped), UNAVAILABLE (the connection broke) or a hang — and the server
/// must serve normally afterwards. The seed is printed; <c>FUZZ_SEED=n</c> replays a run.
/// </summary>
public sealed class RequestFuzzTests(ServerFixture fixture, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    /// <summary>Calls per RPC in CI: about 340 in all, a few seconds. <c>FUZZ_CALLS=n</c> runs longer.</summary>
    private const int CallsPerRpc = 12;

    /// <summary>
    /// The refusals of SPEC §3, each for something the caller can change, and always with a message. Anything else
    /// means the server failed (UNKNOWN: an exception escaped; INTERNAL: here the gRPC client frames every message
    /// correctly, so the gRPC layer's framing errors cannot occur and INTERNAL can only come from the services; DATA_LOSS),
    /// broke the connection (UNAVAILABLE, e.g. a status too large for the headers), misrouted (UNIMPLEMENTED) or hung
    /// (DEADLINE_EXCEEDED, except on a stream that waits for news by design).
    /// </summary>
    private static readonly HashSet<StatusCode> Refusals =
    [
        StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.AlreadyExists, StatusCode.PermissionDenied,
        StatusCode.FailedPrecondition, StatusCode.ResourceExhausted, StatusCode.Unauthenticated,
    ];

    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task Every_rpc_answers_damaged_requests_with_an_answer_or_a_refusal_never_a_crash_or_a_hang()
    {
        var seed = Environment.GetEnvironmentVariable("FUZZ_SEED") is { Length: > 0 } given ? int.Parse(given, CultureInfo.InvariantCulture) : Random.Shared.Next();
        var callsPerRpc = Environment.GetEnvironmentVariable("FUZZ_CALLS") is { Length: > 0 } calls ? int.Parse(calls, CultureInfo.InvariantCulture) : CallsPerRpc;
        output.WriteLine($"Fuzz seed {seed}; replay with FUZZ_SEED={seed} dotnet test tests/Server.Tests --filter RequestFuzzTests");
        var (manager, managerId) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var samples = await SampleRequests.CreateAsync(Server, manager, managerId);
        var rpcs = Rpc.All();
        // The 27 RPCs of SPEC §3 at least: the descriptors were found.
        Assert.True(rpcs.Count >= 27, $"Only {rpcs.Count} RPCs found in the tracing.v1 descriptors.");
        using var channel = GrpcChannel.ForAddress(Server.GrpcAddress);
        var invoker = channel.CreateCallInvoker();
        var credentials = new Dictionary<RpcCaller, Metadata>
        {
            [RpcCaller.Anonymous] = [],
            [RpcCaller.Citizen] = new Metadata { { "authorization", "Bearer " + Citizens.TokenOf(manager) } },
            [RpcCaller.HealthDepartment] = new Metadata { { "x-api-key", ServerProcess.HealthKey } },
            [RpcCaller.Partner] = new Metadata { { "x-api-key", ServerProcess.PartnerKey } },
        };
        var failures = new List<string>();
        var outcomes = new SortedDictionary<StatusCode, int>();

        foreach (var rpc in rpcs)
        {
            // Each RPC draws from its own stream of the seed, so one RPC's run replays whatever the others do.
            var random = new Random(seed ^ StableHash(rpc.Path));
            var mutator = new RequestMutator(random);
            var generator = new RandomMessages(random);
            var sample = samples.For(rpc.Method.InputType.FullName);
            for (var i = 0; i < callsPerRpc; i++)
            {
                var valid = (sample is not null && random.Next(2) == 0 ? sample : generator.Next(rpc.Method.InputType)).ToByteArray();
                string applied;
                byte[] damaged;
                if (i % 4 == 3)
                    (damaged, applied) = (valid, "none: a random well-formed message");
                else
                    damaged = mutator.Mutate(valid, out applied);
                byte[][] messages = rpc.Method.IsClientStreaming && random.Next(2) == 0 ? [valid, damaged] : [damaged];
                var deadline = DateTime.UtcNow + (rpc.Endless ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(10));
                var (status, vietnamese, _) = await BytesCalls.CallAsync(invoker, rpc, messages, credentials[rpc.Caller], deadline);
                outcomes[status.StatusCode] = outcomes.GetValueOrDefault(status.StatusCode) + 1;
                if (!Acceptable(rpc, status))
                    failures.Add($"{rpc} call {i} [{applied}] {Convert.ToHexString(damaged.AsSpan(0, Math.Min(damaged.Length, 120)))}: {status.StatusCode} \"{status.Detail}\"");
                else if (status.StatusCode is not (StatusCode.OK or StatusCode.DeadlineExceeded) && VietnameseRefusals.Problem(vietnamese) is { } unreadable)
                    failures.Add($"{rpc} call {i} [{applied}]: {status.StatusCode} \"{status.Detail}\": {unreadable}");
            }
        }
        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
        Assert.True(failures.Count == 0, $"Fuzz seed {seed}: {failures.Count} calls ended badly:\n{string.Join('\n', failures)}");

        // Still serving: the health check, and real work by the same people.
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Contains((await manager.Venues.ListMyVenuesAsync(new ListMyVenuesRequest())).Venues, v => v.Name == "Quán Thử Lỗi");
        using var anonymous = Server.Anonymous();
        Assert.NotEmpty((await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "test" })).AccessToken);
    }

    private static bool Acceptable(Rpc rpc, Status status)
        => status.StatusCode == StatusCode.OK
            || (Refusals.Contains(status.StatusCode) && !string.IsNullOrWhiteSpace(status.Detail))
            || (rpc.Endless && status.StatusCode == StatusCode.DeadlineExceeded);

    /// <summary>FNV-1a of the text: the same number in every run (string.GetHashCode is not).</summary>
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
            hash = (hash ^ c) * 16777619u;
        return (int)hash;
    }
}
