namespace Tracing.Cli.Simulation;

/// <summary>A venue of the simulated city that displays a QR code.</summary>
/// <param name="Index">Position in <see cref="City.Venues"/>.</param>
/// <param name="Category">What kind of place it is.</param>
/// <param name="Name">A Vietnamese name, as registered.</param>
/// <param name="Zones">Rooms: people in different rooms do not hear each other's phones.</param>
/// <param name="Latitude">Latitude, degrees.</param>
/// <param name="Longitude">Longitude, degrees.</param>
internal sealed record CityVenue(int Index, VenueCategory Category, string Name, int Zones, double Latitude, double Longitude);
