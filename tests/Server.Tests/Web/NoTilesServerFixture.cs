namespace Tracing.Server.Tests.Web;

/// <summary>
/// One real server shared by the tests of a class, with the safety map's tiles turned off
/// (<c>Tracing:Map:TileUrl</c> empty), so that a browser on its pages never reaches the internet.
/// </summary>
public sealed class NoTilesServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server did not start.");

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(null, "--Tracing:Map:TileUrl=");

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
