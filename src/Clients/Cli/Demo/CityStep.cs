namespace Tracing.Cli.Demo;

/// <summary>A step of the script, named for error messages, with what to check if the server refuses it.</summary>
/// <param name="Doing">What the script was doing, e.g. "reporting An as a case".</param>
/// <param name="CredentialHint">What to check when the server refuses the credentials of this step.</param>
internal sealed record CityStep(string Doing, string CredentialHint);
