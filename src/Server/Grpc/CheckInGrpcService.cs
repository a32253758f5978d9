using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Registry;
using Tracing.Server.CheckIn;
using Tracing.Server.Privacy;
using Tracing.Server.Security;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>CheckInService: scans (one, or a stream with group-committed answers) and the scan history.</summary>
public sealed class CheckInGrpcService(TracingEngine engine, CasesFirst casesFirst, ScanHandler scans, ScanHistory history, AuditLog audit, TimeProvider time) : CheckInService.CheckInServiceBase
{
    /// <inheritdoc />
    /// <remarks>Answered once every store the scan wrote is durable (the interceptor waits: <see cref="ErrorsAndCallers"/>).</remarks>
    public override async Task<ScanResponse> Scan(ScanRequest request, ServerCallContext context)
        => await scans.HandleAsync(context.Caller(), request, cancellationToken: context.CancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Scans as a stream: each scan is recorded as it arrives; answers are sent in order, each only after the
    /// group commits that made what its scan wrote durable (the scan log; the general store too for a manual entry that
    /// created its visitor), so a burst of scans shares one commit of each store it touched.
    /// </summary>
    public override async Task StreamScans(IAsyncStreamReader<StreamScansRequest> requestStream, IServerStreamWriter<StreamScansResponse> responseStream, ServerCallContext context)
    {
        var caller = context.Caller();
        // Credentials are checked for the call, before any scan: a stream without a person's token is refused as a
        // whole (UNAUTHENTICATED / PERMISSION_DENIED), while each scan's own refusal comes back in its answer.
        caller.RequirePerson();
        // A door scanner sends thousands of scans for its venue: whether the caller manages it is checked once.
        var managedVenues = new Dictionary<string, VenueInfo>(StringComparer.Ordinal);
        var answers = Channel.CreateBounded<(StreamScansResponse Answer, Written Writes)>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
        var writer = WriteAnswersAsync(answers, responseStream, context.CancellationToken);
        // The reading side's writes are tracked apart from the call's and taken with each answer, so each batch of
        // answers waits for exactly the stores its scans wrote (the call's own tracker stays clear: the response stream
        // then has nothing more to wait for).
        using var reading = engine.TrackWrites();
        try
        {
            await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                await casesFirst.HoldBulkAsync(context.CancellationToken).ConfigureAwait(false);
                var answer = await AnswerAsync(caller, request.Scan ?? new ScanRequest(), managedVenues, context.CancellationToken).ConfigureAwait(false);
                await answers.Writer.WriteAsync((answer, reading.TakeWritten()), context.CancellationToken).ConfigureAwait(false);
            }
        }
        catch (ChannelClosedException)
        {
            // The writer failed (a refused durability wait: a partition's silo died before the scans were durable) and
            // closed the channel: its failure is the call's, awaited below, so the scanner sees UNAVAILABLE and resends.
        }
        finally
        {
            // However reading ended (a message the server refuses to decode, a cancelled call), the answers of the scans
            // read before still go out, and the call ends only after its last write. Ended under a write in flight, gRPC
            // cut that answer short and the scanner read INTERNAL or a broken response instead of the refusal. A
            // reading failure is the call's; otherwise the writer's, if any, is (below).
            answers.Writer.TryComplete();
            await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await writer.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task ListScanHistory(ListScanHistoryRequest request, IServerStreamWriter<ListScanHistoryResponse> responseStream, ServerCallContext context)
    {
        var query = new ScanHistoryQuery(request.VenueIds, ProtoMapping.Optional(request.From, "from"), ProtoMapping.Optional(request.To, "to"), request.VisitorQuery, request.ControllerId, request.MaxResults, request.PageToken);
        var caller = context.Caller();
        var page = history.Query(caller, query);
        if (caller.Kind == CallerKind.HealthDepartment)
            audit.Record(caller, nameof(ListScanHistory), Describe(query), page.Records.Count);
        for (var i = 0; i < page.Records.Count; i++)
        {
            var response = new ListScanHistoryResponse { Scan = page.Records[i], NextPageToken = i == page.Records.Count - 1 ? page.NextPageToken : "" };
            await responseStream.WriteAsync(response, context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task ExportScanHistory(ExportScanHistoryRequest request, IServerStreamWriter<ExportScanHistoryResponse> responseStream, ServerCallContext context)
    {
        var query = new ScanHistoryQuery(request.VenueIds, ProtoMapping.Optional(request.From, "from"), ProtoMapping.Optional(request.To, "to"), request.VisitorQuery, request.ControllerId, ScanHistory.MaxResults);
        var caller = context.Caller();
        var records = history.All(caller, query);
        // The audit entry is written before a row leaves, with the number of rows: that costs the health department's
        // export a counting read, day by day like the export itself.
        if (caller.Kind == CallerKind.HealthDepartment)
            audit.Record(caller, nameof(ExportScanHistory), Describe(query), records.Count());
        foreach (var chunk in ScanHistoryCsv.Chunks(records))
            await responseStream.WriteAsync(new ExportScanHistoryResponse { Chunk = ByteString.CopyFrom(chunk) }, context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What a history query asked for, for the audit log: that it searched for a visitor, never the name or phone it
    /// searched for — the log records reads of personal data and must not become a copy of it.
    /// </summary>
    private static string Describe(ScanHistoryQuery query)
        => $"venues={string.Join(',', query.VenueIds)}; from={query.From:O}; to={query.To:O}; visitor_query={(query.VisitorQuery.Trim().Length > 0 ? "(given)" : "(none)")}; controller_id={query.ControllerId}; page_token={query.PageToken}";

    /// <inheritdoc />
    public override Task<ListMyVisitsResponse> ListMyVisits(ListMyVisitsRequest request, ServerCallContext context)
    {
        var person = context.Caller().RequirePerson();
        var now = time.GetUtcNow();
        var response = new ListMyVisitsResponse();
        var names = new Dictionary<uint, Matching.Registry.VenueInfo?>();
        foreach (var visit in engine.CheckIns.VisitsOf(person.Number, (now - engine.Rules.Retention).ToUnixTimeSeconds(), now.ToUnixTimeSeconds() + 1))
        {
            if (!names.TryGetValue(visit.Venue, out var venue))
                names[visit.Venue] = venue = engine.Venues.Find(visit.Venue);
            response.Visits.Add(new V1.Visit
            {
                VenueId = venue?.VenueId ?? "",
                VenueName = venue?.Name ?? "",
                Start = ProtoMapping.UnixToTimestamp(visit.Start),
                End = ProtoMapping.UnixToTimestamp(visit.End),
                ScannedOut = visit.ScannedOut,
            });
        }
        return Task.FromResult(response);
    }

    private async ValueTask<StreamScansResponse> AnswerAsync(Security.Caller caller, ScanRequest scan, Dictionary<string, VenueInfo> managedVenues, CancellationToken cancellationToken)
    {
        try
        {
            var result = await scans.HandleAsync(caller, scan, managedVenues, cancellationToken).ConfigureAwait(false);
            return new StreamScansResponse
            {
                ClientEventId = scan.ClientEventId,
                Status = result.Status,
                VenueId = result.VenueId,
                VenueName = result.VenueName,
                Message = result.Message,
                Duplicate = result.Duplicate,
                Screening = result.Screening,
            };
        }
        catch (TracingException refusal)
        {
            return new StreamScansResponse
            {
                // An id over the limit is not echoed: answers stay small, whatever a scanner sends (answers come in order).
                ClientEventId = scan.ClientEventId.Length > Matching.Ledger.CheckIns.MaxClientEventIdLength ? "" : scan.ClientEventId,
                Status = ScanStatus.Rejected,
                Message = ErrorsAndCallers.Bounded(refusal.Vietnamese),
                ErrorCode = ErrorsAndCallers.StatusOf(refusal.Error).ToString(),
            };
        }
    }

    private async Task WriteAnswersAsync(Channel<(StreamScansResponse Answer, Written Writes)> answers, IServerStreamWriter<StreamScansResponse> responses, CancellationToken cancellationToken)
    {
        var batch = new List<StreamScansResponse>();
        try
        {
            while (await answers.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var written = Written.None;
                while (answers.Reader.TryRead(out var answer))
                {
                    batch.Add(answer.Answer);
                    written |= answer.Writes;
                }
                await engine.WhenDurableAsync(written, cancellationToken).ConfigureAwait(false);
                await responses.WriteInOneFlushAsync(batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (Exception exception)
        {
            // Stop the reading side too, rather than let it wait on a full channel nobody drains.
            answers.Writer.TryComplete(exception);
            throw;
        }
    }
}
