using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Limits;

/// <summary>
/// The messages of one <c>UploadContacts</c> call, each batch's observations counted against the device's daily
/// volume before the service sees it: the call limit counts calls, and one call may stream any number of batches.
/// A batch over the volume ends the call RESOURCE_EXHAUSTED; the batches before it are kept (their batch ids make
/// sending them again harmless).
/// </summary>
internal sealed class MeteredContactUploads(IAsyncStreamReader<UploadContactsRequest> uploads, Func<int, RpcException?> charge) : IAsyncStreamReader<UploadContactsRequest>
{
    /// <inheritdoc />
    public UploadContactsRequest Current => uploads.Current;

    /// <inheritdoc />
    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!await uploads.MoveNext(cancellationToken).ConfigureAwait(false))
            return false;
        if (uploads.Current.Batch is { } batch && charge(batch.Observations.Count) is { } refusal)
            throw refusal;
        return true;
    }
}
