using System.Text.RegularExpressions;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary>
/// A refused call as the CLI prints it: the server's Vietnamese sentence (English with <c>--lang en</c>), and for an
/// invalid request one line per invalid field naming the CLI option typed (<c>--district</c>), never the contract's
/// field (<c>district_code</c>) or an RPC.
/// </summary>
internal static partial class RefusalText
{
    /// <summary>The lines to print on standard error for <paramref name="failed"/>.</summary>
    public static IReadOnlyList<string> Lines(RpcException failed, bool english, IReadOnlyDictionary<string, string> options)
    {
        var prefix = english ? "error: " : "lỗi: ";
        var fields = failed.InvalidFields();
        var lines = new List<string>();
        if (fields.Count > 0)
        {
            lines.Add(prefix + (english
                ? $"{fields.Count} value(s) to correct:"
                : $"có {fields.Count} thông tin cần sửa:"));
            foreach (var field in fields)
            {
                var sentence = english ? Rename(field.English, options) : field.Vietnamese;
                lines.Add(options.TryGetValue(field.Field, out var option) ? $"  {option}: {sentence}" : $"  {sentence}");
            }
        }
        else if (english)
        {
            lines.Add(prefix + (failed.Status.Detail is { Length: > 0 } detail ? Rename(detail, options) : Status(failed.StatusCode, english)));
        }
        else
        {
            // A server without the Vietnamese sentence (an older one): say what kind of refusal, and its own words.
            lines.Add(prefix + (failed.Vietnamese()
                ?? (failed.Status.Detail is { Length: > 0 } detail ? $"{Status(failed.StatusCode, english)} ({Rename(detail, options)})" : Status(failed.StatusCode, english))));
        }
        if (Hint(failed, english) is { } hint)
            lines.Add(hint);
        return lines;
    }

    // The English sentences are for developers and may name contract fields: name the option typed instead.
    private static string Rename(string sentence, IReadOnlyDictionary<string, string> options)
        => options.Count == 0 ? sentence : FieldName().Replace(sentence, m => options.TryGetValue(m.Value, out var option) ? option : m.Value);

    private static string Status(StatusCode code, bool english) => code switch
    {
        StatusCode.Unauthenticated => english ? "not signed in, or the sign-in has ended" : "bạn chưa đăng nhập, hoặc phiên đăng nhập đã hết",
        StatusCode.PermissionDenied => english ? "not allowed" : "bạn không có quyền làm việc này",
        StatusCode.InvalidArgument => english ? "invalid input" : "thông tin nhập chưa đúng",
        StatusCode.NotFound => english ? "not found" : "không tìm thấy",
        StatusCode.AlreadyExists => english ? "already exists" : "đã có rồi",
        StatusCode.FailedPrecondition => english ? "not possible now" : "chưa thể làm việc này lúc này",
        StatusCode.ResourceExhausted => english ? "too many attempts, or the server is busy: retry later" : "quá nhiều lần thử, hoặc máy chủ đang bận: bạn vui lòng thử lại sau",
        StatusCode.Unimplemented => english ? "not available on this server" : "máy chủ này chưa có chức năng này",
        StatusCode.Unavailable => english ? "server unreachable" : "không kết nối được máy chủ",
        StatusCode.DeadlineExceeded => english ? "the server did not answer in time" : "máy chủ không trả lời kịp",
        _ => english ? "the server could not do it" : "máy chủ không thực hiện được yêu cầu",
    };

    private static string? Hint(RpcException failed, bool english) => failed.StatusCode switch
    {
        StatusCode.Unauthenticated => english
            ? "  sign in with `tracing login --phone ...`, or pass --token / --api-key"
            : "  đăng nhập bằng `tracing login --phone ...`, hoặc dùng --token / --api-key",
        // A server that answered with its own sentence (stopping, moving its data) was reached: no hint about the address.
        StatusCode.Unavailable when failed.Vietnamese() is null => english
            ? "  is the server running? check --server (default http://localhost:5000)"
            : "  máy chủ đang chạy chưa? kiểm tra --server (mặc định http://localhost:5000)",
        _ => null,
    };

    [GeneratedRegex(@"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:\.[a-z][a-z0-9_]*)*\b|\b[a-z]+(?:\.[a-z][a-z0-9_]*)+\b")]
    private static partial Regex FieldName();
}
