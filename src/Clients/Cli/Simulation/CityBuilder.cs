namespace Tracing.Cli.Simulation;

/// <summary>
/// Builds a city from a seed: households of one to six people, ages and smartphones as in a Vietnamese city of 2021,
/// workplaces and schools sized to the people who go there, and shops and eateries in proportion to the population.
/// </summary>
internal static class CityBuilder
{
    // Household sizes 1..6 and their weights (average about 3.5 people).
    private static readonly double[] s_householdSizeWeights = [0.10, 0.18, 0.22, 0.25, 0.15, 0.10];

    // Roughly Hồ Chí Minh City's ward around Quận 1, where the venues are placed.
    private const double Latitude = 10.7769;
    private const double Longitude = 106.7009;

    /// <summary>A city of <paramref name="people"/> inhabitants drawn from <paramref name="random"/>.</summary>
    public static City Build(int people, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(people, 2);
        var inhabitants = new List<Inhabitant>(people);
        var households = new List<int[]>();
        while (inhabitants.Count < people)
        {
            var size = Math.Min(people - inhabitants.Count, 1 + Pick(s_householdSizeWeights, random));
            var members = new int[size];
            for (var m = 0; m < size; m++)
            {
                // The first two members of a household are grown-ups; the others anyone.
                var age = m < 2 ? (random.NextDouble() < 0.85 ? AgeGroup.Adult : AgeGroup.Elderly) : DrawAge(random);
                members[m] = inhabitants.Count;
                inhabitants.Add(NewInhabitant(inhabitants.Count, households.Count, age, random));
            }

            households.Add(members);
        }

        var venues = new List<CityVenue>();
        AssignWorkplaces(inhabitants, venues, random);
        AddShops(inhabitants.Count, venues, random);
        ChooseFavourites(inhabitants, venues, random);
        return new City(inhabitants, households, venues);
    }

    private static AgeGroup DrawAge(Random random) => random.NextDouble() switch
    {
        < 0.45 => AgeGroup.Child,
        < 0.65 => AgeGroup.Teen,
        < 0.90 => AgeGroup.Adult,
        _ => AgeGroup.Elderly,
    };

    private static Inhabitant NewInhabitant(int index, int household, AgeGroup age, Random random)
    {
        var phoneShare = age switch
        {
            AgeGroup.Child => 0.0,
            AgeGroup.Teen => 0.6,
            AgeGroup.Adult => 0.9,
            _ => 0.45,
        };

        // Most people scan out most of the time; a few rarely do.
        var forgetful = random.NextDouble() < 0.3;
        return new Inhabitant
        {
            Index = index,
            Household = household,
            Age = age,
            HasApp = random.NextDouble() < phoneShare,
            ClockSkewSeconds = (int)Math.Clamp(Gaussian(random) * 90, -240, 240),
            ForgetsCheckOut = forgetful ? 0.5 : 0.08,
            SkipsCheckIn = forgetful ? 0.1 : 0.02,
            Declares = random.NextDouble() < 0.9,
            TxPower = random.Next(3) switch { 0 => -8, 1 => -5, _ => -2 },
        };
    }

    private static void AssignWorkplaces(List<Inhabitant> people, List<CityVenue> venues, Random random)
    {
        var workers = people.Where(p => p.Age == AgeGroup.Adult && random.NextDouble() < 0.75).ToList();
        var pupils = people.Where(p => p.Age is AgeGroup.Child or AgeGroup.Teen).ToList();
        Assign(workers, VenueCategory.Workplace, averagePerVenue: 24, venues, random);
        Assign(pupils, VenueCategory.School, averagePerVenue: 150, venues, random);
    }

    private static void Assign(List<Inhabitant> members, VenueCategory category, int averagePerVenue, List<CityVenue> venues, Random random)
    {
        if (members.Count == 0)
            return;
        var profile = PlaceProfile.Of(category);
        var count = Math.Max(1, (int)Math.Round(members.Count / (double)averagePerVenue));
        var assigned = new List<Inhabitant>[count];
        for (var i = 0; i < count; i++)
            assigned[i] = [];
        foreach (var member in members)
            assigned[random.Next(count)].Add(member);
        for (var i = 0; i < count; i++)
        {
            var group = assigned[i];
            var zones = Math.Max(1, (group.Count + profile.ZoneCapacity - 1) / profile.ZoneCapacity);
            var venue = NewVenue(venues.Count, category, zones, random);
            venues.Add(venue);
            for (var j = 0; j < group.Count; j++)
            {
                group[j].Workplace = venue.Index;
                group[j].WorkZone = j % zones;
                group[j].Desk = (random.NextDouble() * profile.Width, random.NextDouble() * profile.Depth);
            }
        }
    }

    private static void AddShops(int people, List<CityVenue> venues, Random random)
    {
        (VenueCategory Category, int PeoplePerVenue, int Minimum)[] shops =
        [
            (VenueCategory.Restaurant, 80, 2),
            (VenueCategory.Cafe, 100, 2),
            (VenueCategory.Market, 300, 1),
            (VenueCategory.Supermarket, 300, 1),
        ];
        foreach (var (category, perVenue, minimum) in shops)
        {
            var count = Math.Max(minimum, people / perVenue);
            for (var i = 0; i < count; i++)
                venues.Add(NewVenue(venues.Count, category, zones: 1, random));
        }
    }

    private static void ChooseFavourites(List<Inhabitant> people, List<CityVenue> venues, Random random)
    {
        (VenueCategory Category, int Count)[] wanted =
        [
            (VenueCategory.Restaurant, 3),
            (VenueCategory.Cafe, 2),
            (VenueCategory.Market, 1),
            (VenueCategory.Supermarket, 1),
        ];
        foreach (var person in people)
        {
            foreach (var (category, count) in wanted)
            {
                var choices = venues.Where(v => v.Category == category).Select(v => v.Index).ToArray();
                random.Shuffle(choices);
                person.Favourites[category] = choices[..Math.Min(count, choices.Length)];
            }
        }
    }

    private static CityVenue NewVenue(int index, VenueCategory category, int zones, Random random)
    {
        var number = index + 1;
        var name = category switch
        {
            VenueCategory.Workplace => $"Công ty TNHH Mô Phỏng {number}",
            VenueCategory.School => $"Trường Mô Phỏng số {number}",
            VenueCategory.Restaurant => $"Quán Phở Mô Phỏng {number}",
            VenueCategory.Cafe => $"Cà phê Mô Phỏng {number}",
            VenueCategory.Market => $"Chợ Mô Phỏng {number}",
            VenueCategory.Supermarket => $"Siêu thị Mô Phỏng {number}",
            _ => $"Địa điểm {number}",
        };
        return new CityVenue(index, category, name, zones, Latitude + (random.NextDouble() - 0.5) * 0.02, Longitude + (random.NextDouble() - 0.5) * 0.02);
    }

    private static int Pick(double[] weights, Random random)
    {
        var draw = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            draw -= weights[i];
            if (draw < 0)
                return i;
        }

        return weights.Length - 1;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    internal static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
