namespace Tracing.Cli.Simulation;

/// <summary>
/// One day of everyone's routine: work or school on weekdays with lunch out, errands at the market and the
/// supermarket, cafés and family dinners; home fills the waking hours in between (06:00–22:00). People isolated
/// after being reported stay home all day.
/// </summary>
internal static class ScheduleBuilder
{
    private const int WakeMinute = 6 * 60;
    private const int SleepMinute = 22 * 60;

    /// <summary>The stays of every person on the day starting at <paramref name="dayStart"/> (local midnight, unix seconds).</summary>
    public static List<Stay> PlanDay(City city, long dayStart, bool weekend, Func<int, bool> isolated, Random random)
    {
        var stays = new List<Stay>();
        var outings = new Dictionary<int, List<Stay>>();
        foreach (var person in city.People)
            outings[person.Index] = [];

        // Family dinners first: everyone at home that evening comes along.
        foreach (var members in city.Households)
        {
            if (members.Length < 2 || random.NextDouble() >= (weekend ? 0.15 : 0.05))
                continue;
            var head = city.People[members[0]];
            var restaurant = Choose(head, VenueCategory.Restaurant, random);
            var start = Minute(18 * 60 + 30, 60, random);
            var length = 60 + random.Next(45);
            foreach (var member in members)
            {
                if (!isolated(member))
                    TryAdd(outings[member], Seated(city, member, restaurant, dayStart, start, length, random));
            }
        }

        foreach (var person in city.People)
        {
            if (!isolated(person.Index))
                PlanOutings(city, person, dayStart, weekend, outings[person.Index], random);
            var own = outings[person.Index];
            own.Sort((a, b) => a.Start.CompareTo(b.Start));
            FillHome(person, dayStart, own, stays, random);
        }

        return stays;
    }

    private static void PlanOutings(City city, Inhabitant person, long dayStart, bool weekend, List<Stay> own, Random random)
    {
        if (!weekend && person.Workplace >= 0)
        {
            var school = person.Age is AgeGroup.Child or AgeGroup.Teen;
            var arrive = Minute(school ? 7 * 60 + 30 : 8 * 60, school ? 10 : 15, random);
            var leave = Minute(school ? 16 * 60 + 30 : 17 * 60, 20, random);
            if (!school && random.NextDouble() < 0.5)
            {
                // Lunch out splits the working day in two visits.
                var lunch = Minute(11 * 60 + 50, 10, random);
                var back = lunch + 30 + random.Next(25);
                var place = Choose(person, random.NextDouble() < 0.7 ? VenueCategory.Restaurant : VenueCategory.Cafe, random);
                TryAdd(own, AtWork(person, dayStart, arrive, lunch, random));
                TryAdd(own, Seated(city, person.Index, place, dayStart, lunch + 3, back - lunch - 6, random));
                TryAdd(own, AtWork(person, dayStart, back, leave, random));
            }
            else
            {
                TryAdd(own, AtWork(person, dayStart, arrive, leave, random));
            }

            if (!school && random.NextDouble() < 0.25)
                TryAdd(own, Walking(city, person, random.NextDouble() < 0.5 ? VenueCategory.Market : VenueCategory.Supermarket, dayStart, Minute(18 * 60, 30, random), 20 + random.Next(30), random));
            if (random.NextDouble() < (school ? 0.08 : 0.12))
                TryAdd(own, Seated(city, person.Index, Choose(person, VenueCategory.Cafe, random), dayStart, Minute(19 * 60 + 30, 30, random), 45 + random.Next(45), random));
            return;
        }

        if (person.Age == AgeGroup.Child)
        {
            // Young children go out with the family (dinners above) and to the market now and then.
            if (random.NextDouble() < 0.15)
                TryAdd(own, Walking(city, person, VenueCategory.Market, dayStart, Minute(7 * 60 + 30, 45, random), 30 + random.Next(30), random));
            return;
        }

        var out1 = weekend ? 0.4 : 0.5;
        if (random.NextDouble() < out1)
            TryAdd(own, Walking(city, person, VenueCategory.Market, dayStart, Minute(7 * 60, 45, random), 30 + random.Next(40), random));
        if (random.NextDouble() < (weekend ? 0.3 : 0.2))
            TryAdd(own, Seated(city, person.Index, Choose(person, VenueCategory.Cafe, random), dayStart, Minute(9 * 60 + 30, 45, random), 45 + random.Next(60), random));
        if (random.NextDouble() < (weekend ? 0.3 : 0.1))
            TryAdd(own, Seated(city, person.Index, Choose(person, VenueCategory.Restaurant, random), dayStart, Minute(11 * 60 + 45, 20, random), 40 + random.Next(40), random));
        if (random.NextDouble() < (weekend ? 0.3 : 0.2))
            TryAdd(own, Walking(city, person, VenueCategory.Supermarket, dayStart, Minute(15 * 60 + 30, 60, random), 25 + random.Next(35), random));
    }

    private static Stay AtWork(Inhabitant person, long dayStart, int fromMinute, int untilMinute, Random random)
    {
        var category = person.Age is AgeGroup.Child or AgeGroup.Teen ? VenueCategory.School : VenueCategory.Workplace;
        return new Stay(person.Index, category, person.Workplace, person.WorkZone, At(dayStart, fromMinute, random), At(dayStart, untilMinute, random),
            person.Desk.X, person.Desk.Y, Carry(random, onDesk: true));
    }

    private static Stay Seated(City city, int person, int venue, long dayStart, int fromMinute, int minutes, Random random)
    {
        var profile = PlaceProfile.Of(city.Venues[venue].Category);
        return new Stay(person, city.Venues[venue].Category, venue, 0, At(dayStart, fromMinute, random), At(dayStart, fromMinute + minutes, random),
            random.NextDouble() * profile.Width, random.NextDouble() * profile.Depth, Carry(random, onDesk: true));
    }

    private static Stay Walking(City city, Inhabitant person, VenueCategory category, long dayStart, int fromMinute, int minutes, Random random)
    {
        var venue = Choose(person, category, random);
        return new Stay(person.Index, city.Venues[venue].Category, venue, 0, At(dayStart, fromMinute, random), At(dayStart, fromMinute + minutes, random), 0, 0, Carry(random, onDesk: false));
    }

    private static void FillHome(Inhabitant person, long dayStart, List<Stay> outings, List<Stay> stays, Random random)
    {
        var cursor = dayStart + WakeMinute * 60L;
        var sleep = dayStart + SleepMinute * 60L;
        foreach (var outing in outings)
        {
            if (outing.Start - cursor >= 600)
                stays.Add(Home(person, cursor, outing.Start, random));
            stays.Add(outing);
            cursor = Math.Max(cursor, outing.End);
        }

        if (sleep - cursor >= 600)
            stays.Add(Home(person, cursor, sleep, random));
    }

    private static Stay Home(Inhabitant person, long from, long until, Random random) =>
        new(person.Index, VenueCategory.Home, person.Household, 0, from, until, 0, 0, Carry(random, onDesk: true));

    // Adds an outing unless it clashes with one already planned (a family dinner wins over a café).
    private static void TryAdd(List<Stay> own, Stay stay)
    {
        if (stay.End <= stay.Start)
            return;
        foreach (var other in own)
        {
            if (other.Overlaps(stay.Start - 300, stay.End + 300))
                return;
        }

        own.Add(stay);
    }

    private static int Choose(Inhabitant person, VenueCategory category, Random random)
    {
        var favourites = person.Favourites[category];
        return favourites[random.Next(favourites.Length)];
    }

    // A minute of the day around a usual time, spread by about ± spread minutes.
    private static int Minute(int usual, int spread, Random random) => usual + (int)Math.Round(CityBuilder.Gaussian(random) * spread / 2);

    private static long At(long dayStart, int minute, Random random) => dayStart + minute * 60L + random.Next(60);

    private static int Carry(Random random, bool onDesk)
    {
        var draw = random.NextDouble();
        if (onDesk && draw < 0.5)
            return 0;
        return draw < 0.8 ? 6 : 10;
    }
}
