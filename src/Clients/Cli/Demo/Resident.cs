using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Cli.Demo;

/// <summary>A person of the scripted city: who they are, their phone number and their signed-in client.</summary>
internal sealed class Resident(string name, string fullName, int birthYear, Gender gender, string phoneNumber)
{
    /// <summary>The short name the demo prints (An, Bình, …).</summary>
    public string Name { get; } = name;

    /// <summary>The full name on the health declaration.</summary>
    public string FullName { get; } = fullName;

    /// <summary>Year of birth, as declared.</summary>
    public int BirthYear { get; } = birthYear;

    /// <summary>Gender, as declared.</summary>
    public Gender Gender { get; } = gender;

    /// <summary>The person's phone number, as declared.</summary>
    public string PhoneNumber { get; } = phoneNumber;

    /// <summary>The phone's Bluetooth identity: its daily keys and broadcast identifiers.</summary>
    public SimulatedPhone Device { get; } = new();

    /// <summary>The user id the server gave the device (empty until registered).</summary>
    public string UserId { get; set; } = "";

    /// <summary>The client acting as this person (null until registered).</summary>
    public TracingClient? Client { get; set; }

    /// <summary>The client acting as this person; throws if the person has not registered yet.</summary>
    public TracingClient SignedIn => Client ?? throw new InvalidOperationException($"{Name} has not registered a device yet.");
}
