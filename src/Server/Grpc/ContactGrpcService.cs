using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Ledger;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>ContactService: Bluetooth observation batches, acknowledged once durable, handled on the <see cref="BulkLane"/>.</summary>
public sealed class ContactGrpcService(TracingEngine engine, CasesFirst casesFirst, BulkLane lane) : ContactService.ContactServiceBase
{
    /// <inheritdoc />
    public override async Task<UploadContactsResponse> UploadContacts(IAsyncStreamReader<UploadContactsRequest> requestStream, ServerCallContext context)
    {
        var person = context.Caller().RequirePerson();
        var response = new UploadContactsResponse();
        var observations = new List<ReportedObservation>();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
        {
            // Handled (and the next message read, once it has come) on the bulk lane, not on the thread pool a case report
            // is served on.
            await lane.Enter();
            var batch = request.Batch ?? throw new TracingException(TracingError.InvalidArgument, "Each message must carry a batch.", "Mỗi lần gửi phải có một lô dữ liệu tiếp xúc.");
            await casesFirst.HoldBulkAsync(context.CancellationToken).ConfigureAwait(false);
            // A flood of uploads waits for the applier (bounded), rather than growing its backlog without bound.
            await engine.Contacts.WaitForRoomAsync(person.Number, context.CancellationToken).ConfigureAwait(false);
            observations.Clear();
            foreach (var o in batch.Observations)
            {
                var seenAt = ProtoMapping.Optional(o.SeenAt, "seen_at") ?? DateTimeOffset.MinValue;
                observations.Add(new ReportedObservation(o.Rpi.Memory, o.Aem.Memory, seenAt, o.DurationSeconds, o.Rssi, o.TxPower));
            }
            var outcome = await engine.Contacts.IngestAsync(person.UserId, person.Number, batch.BatchId, observations).ConfigureAwait(false);
            response.Accepted += outcome.Accepted;
            response.Rejected += outcome.Rejected;
            foreach (var reason in outcome.Reasons)
            {
                if (response.RejectionReasons.Count < 10)
                    response.RejectionReasons.Add(reason);
            }
        }
        // Acknowledged once the observation log's commit made the batches durable: the interceptor waits for what the
        // call wrote (ErrorsAndCallers).
        return response;
    }
}
