using System.Buffers.Binary;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Tracing;

namespace Tracing.Bench.E2e;

/// <summary>
/// The proximity query alone, over gRPC: a bench-only method the loopback server maps (it is not in the contract, where
/// a case's contacts are found only as its keys are uploaded), so that the query PostgreSQL answers over its TCP
/// connection is timed over the server's own connection too — the same unit of work, the same kind of connection.
/// The request is a case's keys and window, the answer its contacts (person, start, end, weighted minutes), in plain
/// little-endian bytes: no schema to keep for a benchmark.
/// </summary>
[BindServiceMethod(typeof(ProximityQueryService), nameof(BindService))]
internal class ProximityQueryService(TracingEngine engine)
{
    private const int KeyBytes = 16 + 4 + 4;
    private const int ContactBytes = 4 + 8 + 8 + 8;
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    /// <summary>The method: keys and window in, contacts out.</summary>
    public static readonly Method<byte[], byte[]> MatchMethod = new(MethodType.Unary, "tracing.bench.ProximityQuery", nameof(Match), Bytes, Bytes);

    /// <summary>Maps <see cref="Match"/> (grpc-dotnet finds the handler by its name on this type).</summary>
    public static void BindService(ServiceBinderBase binder, ProximityQueryService? service)
        => binder.AddMethod(MatchMethod, service is null ? null : service.Match);

    /// <summary>
    /// Finds the contacts of the keys in the request (see <see cref="Request"/>), as the case flow does. Virtual because
    /// grpc-dotnet binds a handler only when it overrides, or is, a virtual method of the type that binds it.
    /// </summary>
    public virtual Task<byte[]> Match(byte[] request, ServerCallContext context)
    {
        var from = BinaryPrimitives.ReadInt64LittleEndian(request);
        var until = BinaryPrimitives.ReadInt64LittleEndian(request.AsSpan(8));
        var keys = new List<DiagnosisKey>();
        for (var at = 16; at + KeyBytes <= request.Length; at += KeyBytes)
            keys.Add(new DiagnosisKey(
                request.AsSpan(at, 16).ToArray(),
                BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(at + 16)),
                BinaryPrimitives.ReadInt32LittleEndian(request.AsSpan(at + 20))));
        var found = new ContactTracer(engine.CheckIns, engine.Contacts, engine.Rules).ProximityContacts(0, keys, from, until, ExposureTier.F1);
        var answer = new byte[found.Count * ContactBytes];
        for (var i = 0; i < found.Count; i++)
        {
            var at = answer.AsSpan(i * ContactBytes);
            BinaryPrimitives.WriteUInt32LittleEndian(at, found[i].Person);
            BinaryPrimitives.WriteInt64LittleEndian(at[4..], found[i].Start);
            BinaryPrimitives.WriteInt64LittleEndian(at[12..], found[i].End);
            BinaryPrimitives.WriteDoubleLittleEndian(at[20..], found[i].WeightedMinutes);
        }
        return Task.FromResult(answer);
    }

    /// <summary>The request for <paramref name="keys"/> over [<paramref name="from"/>, <paramref name="until"/>).</summary>
    public static byte[] Request(IReadOnlyList<DiagnosisKey> keys, long from, long until)
    {
        var request = new byte[16 + keys.Count * KeyBytes];
        BinaryPrimitives.WriteInt64LittleEndian(request, from);
        BinaryPrimitives.WriteInt64LittleEndian(request.AsSpan(8), until);
        for (var i = 0; i < keys.Count; i++)
        {
            var at = request.AsSpan(16 + i * KeyBytes);
            keys[i].KeyData.CopyTo(at);
            BinaryPrimitives.WriteUInt32LittleEndian(at[16..], keys[i].RollingStartInterval);
            BinaryPrimitives.WriteInt32LittleEndian(at[20..], keys[i].RollingPeriod);
        }
        return request;
    }

    /// <summary>The people in an answer (a case file holds one exposure per person).</summary>
    public static int PeopleIn(byte[] answer)
    {
        var people = new HashSet<uint>();
        for (var at = 0; at + ContactBytes <= answer.Length; at += ContactBytes)
            people.Add(BinaryPrimitives.ReadUInt32LittleEndian(answer.AsSpan(at)));
        return people.Count;
    }
}
