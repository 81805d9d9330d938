using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Platform.Llama.Native;

/// <summary>
/// The bridge from llama.cpp's log to <see cref="LlamaBackend.Log"/>: chunks become complete lines with a level, and
/// recent warnings and errors are kept to append to exception messages. Both engines feed it.
/// </summary>
internal static class NativeLog
{
    private static readonly Lock LogLock = new();
    private static readonly StringBuilder PendingLine = new();
    private static LlamaLogLevel _pendingLevel = LlamaLogLevel.Info;
    private static readonly Queue<string> Recent = new();

    public static unsafe string Utf8(byte* text) => text is null ? "" : Marshal.PtrToStringUTF8((nint)text) ?? "";

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static unsafe void OnNativeLog(int level, byte* text, void* userData) => Accept(level, Utf8(text));

    /// <summary>Takes one chunk of llama.cpp's log at ggml's level (0-4, 5 continues the previous message).</summary>
    public static void Accept(int level, string chunk)
    {
        try
        {
            List<(LlamaLogLevel, string)> completed = [];
            lock (LogLock)
            {
                // Level 5 (GGML_LOG_LEVEL_CONT) continues the previous message at its level.
                if (level != 5)
                {
                    if (PendingLine.Length > 0)
                        completed.Add((_pendingLevel, PendingLine.ToString()));
                    PendingLine.Clear();
                    _pendingLevel = (LlamaLogLevel)Math.Clamp(level, 0, 4);
                }
                PendingLine.Append(chunk);
                while (PendingLine.ToString() is var buffered && buffered.IndexOf('\n') is var newline and >= 0)
                {
                    completed.Add((_pendingLevel, buffered[..newline]));
                    PendingLine.Remove(0, newline + 1);
                }
                foreach (var (lineLevel, line) in completed)
                {
                    if (lineLevel >= LlamaLogLevel.Warning)
                    {
                        Recent.Enqueue(line.Trim());
                        while (Recent.Count > 8)
                            Recent.Dequeue();
                    }
                }
            }
            foreach (var (lineLevel, line) in completed)
                LlamaBackend.RaiseLog(lineLevel, line);
        }
        catch
        {
            // An exception must never unwind into native code; a lost log line is the lesser harm.
        }
    }

    /// <summary>The last warnings and errors llama.cpp logged, formatted to append to an exception message.</summary>
    public static string RecentErrors()
    {
        lock (LogLock)
        {
            if (Recent.Count == 0)
                return "";
            string joined = string.Join(" | ", Recent);
            Recent.Clear();
            return $" (llama.cpp said: {joined})";
        }
    }
}
