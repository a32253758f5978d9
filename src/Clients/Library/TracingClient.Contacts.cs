using Grpc.Core;
using Tracing.V1;

namespace Tracing.Clients;

public sealed partial class TracingClient
{
    /// <summary>The observations per batch <see cref="UploadObservationsAsync"/> sends when not told otherwise.</summary>
    public const int DefaultBatchSize = 1000;

    /// <summary>Streams contact batches over one <c>ContactService.UploadContacts</c> call and returns the server's tally.</summary>
    /// <exception cref="RpcException">The server refused the upload.</exception>
    public async Task<UploadContactsResponse> UploadContactsAsync(IEnumerable<ContactBatch> batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        using AsyncClientStreamingCall<UploadContactsRequest, UploadContactsResponse> call =
            Contacts.UploadContacts(cancellationToken: cancellationToken);
        try
        {
            foreach (ContactBatch batch in batches)
            {
                await call.RequestStream.WriteAsync(new UploadContactsRequest { Batch = batch }, cancellationToken).ConfigureAwait(false);
            }

            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ended)
        {
            // The server ended the call early: writing then fails, with "the call is complete", with a bare CANCELLED
            // when the write met the server's reset of the stream before its status arrived, or with whatever HttpClient
            // throws when it loses that same race (a NullReferenceException from its HTTP/2 stream, now and then). The
            // call's own status says why; a write that failed with no status to follow is the answer itself.
            try
            {
                return await call.ResponseAsync.WaitAsync(ServerReasonWait, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ended);
                throw;
            }
        }

        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>How long an upload whose write failed waits for the call's status, which says why the server ended it.</summary>
    private static readonly TimeSpan ServerReasonWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Uploads observations in batches of <paramref name="batchSize"/>, each with a fresh <c>batch_id</c>, over one
    /// client stream.
    /// </summary>
    /// <exception cref="RpcException">The server refused the upload.</exception>
    public Task<UploadContactsResponse> UploadObservationsAsync(
        IEnumerable<ContactObservation> observations, int batchSize = DefaultBatchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return UploadContactsAsync(Batch(observations, batchSize), cancellationToken);
    }

    private static IEnumerable<ContactBatch> Batch(IEnumerable<ContactObservation> observations, int batchSize)
    {
        ContactBatch? batch = null;
        foreach (ContactObservation observation in observations)
        {
            batch ??= new ContactBatch { BatchId = Guid.NewGuid().ToString("N") };
            batch.Observations.Add(observation);
            if (batch.Observations.Count == batchSize)
            {
                yield return batch;
                batch = null;
            }
        }

        if (batch is not null)
        {
            yield return batch;
        }
    }
}
