using Tracing.Clients;

namespace Tracing.Cli.Simulation;

/// <summary>A registered phone of the simulation: its signed-in client, the user id the server gave it, and its Bluetooth keys.</summary>
/// <param name="Client">Calls as this person (shares the simulation's channel).</param>
/// <param name="UserId">The server's id of the person.</param>
/// <param name="Phone">Daily keys and rolling identifiers.</param>
internal sealed record SimulatedDevice(TracingClient Client, string UserId, SimulatedPhone Phone);
