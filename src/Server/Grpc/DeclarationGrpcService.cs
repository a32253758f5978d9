using Google.Protobuf;
using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>DeclarationService: health declarations for oneself or on behalf of family members.</summary>
public sealed class DeclarationGrpcService(TracingEngine engine, TimeProvider time) : DeclarationService.DeclarationServiceBase
{
    /// <inheritdoc />
    public override async Task<SubmitDeclarationResponse> SubmitDeclaration(SubmitDeclarationRequest request, ServerCallContext context)
    {
        var person = context.Caller().RequirePerson();
        if (string.IsNullOrWhiteSpace(request.FullName) || request.FullName.Length > 100)
            throw new TracingException(TracingError.InvalidArgument, "full_name is required (at most 100 characters).");
        var year = time.GetUtcNow().Year;
        if (request.BirthYear < 1900 || request.BirthYear > year)
            throw new TracingException(TracingError.InvalidArgument, $"birth_year must lie between 1900 and {year}.");
        if (request.Kind == DeclarationKind.Unspecified || !Enum.IsDefined(request.Kind))
            throw new TracingException(TracingError.InvalidArgument, "kind is required: DECLARATION_KIND_DOMESTIC, _ENTRY or _VENUE.");
        var phone = request.OnBehalf || request.Phone.Length > 0 ? PhoneNumber.Require(request.Phone, "phone") : person.Phone;
        if (request.Kind == DeclarationKind.Entry && string.IsNullOrWhiteSpace(request.Entry?.PassportNumber) && string.IsNullOrWhiteSpace(request.IdNumber))
            throw new TracingException(TracingError.InvalidArgument, "An ENTRY declaration needs the passport number (entry.passport_number) or id_number.");
        var declaration = engine.Declarations.Submit(person, new DeclarationForm(request.FullName.Trim(), request.BirthYear, phone, (int)request.Kind, request.OnBehalf, request.ToByteArray()));
        await engine.CommitAsync(context.CancellationToken).ConfigureAwait(false);
        return new SubmitDeclarationResponse { DeclarationId = declaration.DeclarationId, ValidUntil = declaration.ValidUntil.ToTimestamp() };
    }

    /// <inheritdoc />
    public override Task<GetDeclarationStatusResponse> GetDeclarationStatus(GetDeclarationStatusRequest request, ServerCallContext context)
    {
        var person = context.Caller().RequirePerson();
        var latest = engine.Declarations.Latest(person.UserId);
        var response = new GetDeclarationStatusResponse();
        if (latest is not null)
        {
            response.Valid = latest.ValidUntil > time.GetUtcNow();
            response.ValidUntil = latest.ValidUntil.ToTimestamp();
            response.DeclarationId = latest.DeclarationId;
        }
        return Task.FromResult(response);
    }
}
