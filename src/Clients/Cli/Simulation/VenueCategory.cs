namespace Tracing.Cli.Simulation;

/// <summary>Kinds of places people spend time in; <see cref="Home"/> has no QR code.</summary>
internal enum VenueCategory
{
    /// <summary>A household's flat: Bluetooth contacts only, no check-in.</summary>
    Home,

    /// <summary>Offices, workshops and factories: the same desk every day.</summary>
    Workplace,

    /// <summary>Schools: the same classroom and seat every day.</summary>
    School,

    /// <summary>Restaurants and phở shops: a table for the meal.</summary>
    Restaurant,

    /// <summary>Cafés: a table for an hour.</summary>
    Cafe,

    /// <summary>Wet markets: people walk between stalls.</summary>
    Market,

    /// <summary>Supermarkets: people walk the aisles.</summary>
    Supermarket,
}
