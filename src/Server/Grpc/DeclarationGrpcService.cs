using Google.Protobuf;
using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>DeclarationService: health declarations for oneself or on behalf of family members.</summary>
public sealed class DeclarationGrpcService(TracingEngine engine, TimeProvider time) : DeclarationService.DeclarationServiceBase
{
    /// <summary>The longest nationality a declaration may name.</summary>
    private const int MaxNationalityLength = 100;

    /// <inheritdoc />
    public override async Task<SubmitDeclarationResponse> SubmitDeclaration(SubmitDeclarationRequest request, ServerCallContext context)
    {
        var person = context.Caller().RequirePerson();
        DeclarationRules.Check(request, time.GetUtcNow(), engine.Venues);
        if (request.Nationality.Length > MaxNationalityLength)
        {
            throw new TracingException([new FieldRefusal("nationality",
                $"nationality is longer than {MaxNationalityLength} characters.",
                $"Quốc tịch dài quá {MaxNationalityLength} ký tự.")]);
        }
        // A family member may have no phone of their own (a child, a grandparent): then they are found by name and birth year.
        var phone = request.Phone.Length > 0 ? PhoneNumber.Require(request.Phone, "phone") : request.OnBehalf ? "" : person.Phone;
        var declaration = engine.Declarations.Submit(person, new DeclarationForm(request.FullName.Trim(), request.BirthYear, phone, (int)request.Kind, request.OnBehalf, request.ToByteArray())
        {
            Region = new Matching.Reports.RegionCodes(request.ProvinceCode, request.DistrictCode, request.WardCode),
            Answers = ScreeningMapping.Answers(request.Symptoms, request.ExposureHistory, request.TravelHistory),
        });
        await engine.CommitAsync(context.CancellationToken).ConfigureAwait(false);
        return new SubmitDeclarationResponse
        {
            DeclarationId = declaration.DeclarationId,
            ValidUntil = declaration.ValidUntil.ToTimestamp(),
            SubjectUserId = declaration.SubjectUserId,
            Screening = ScreeningMapping.ToProto(declaration.Screening),
        };
    }

    /// <inheritdoc />
    public override Task<GetDeclarationStatusResponse> GetDeclarationStatus(GetDeclarationStatusRequest request, ServerCallContext context)
    {
        var person = engine.People.SelfOrDependent(context.Caller().RequirePerson(), request.SubjectUserId);
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
