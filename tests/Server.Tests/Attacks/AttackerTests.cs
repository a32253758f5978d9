namespace Tracing.Server.Tests.Attacks;

/// <summary>
/// The system tried as an attacker would, end to end through gRPC on the real server: with nothing more than a
/// verified phone number (or an anonymous device, or a venue of their own), an attacker tries to take a venue,
/// unmask a visitor, write into another person's record, rewrite the past or lose a visitor's phone. Each hole of
/// the trust issue has its own partial file (<c>AttackerTests.*.cs</c>); every test there failed on the code that had
/// the hole.
/// </summary>
public sealed partial class AttackerTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;
}
