using System.Runtime.InteropServices;
using System.Text;
using Platform.Llama.Native;

namespace Platform.Llama.Engine;

/// <summary><c>llama_chat_apply_template</c> as both engines' libraries export it (same <c>llama_chat_message</c> layout).</summary>
internal unsafe delegate int ApplyChatTemplateFunction(byte* template, NativeChatMessage* messages, nuint messageCount, bool addAssistant, byte* buffer, int length);

/// <summary>Marshals a conversation for llama.cpp's built-in template matcher.</summary>
internal static unsafe class BuiltinChatTemplate
{
    /// <summary>The formatted conversation, or null when llama.cpp recognises no built-in format in <paramref name="template"/>.</summary>
    public static string? Apply(string template, IReadOnlyList<LlamaChatMessage> messages, bool addAssistantPrompt, ApplyChatTemplateFunction apply)
    {
        var pinned = new List<GCHandle>();
        try
        {
            byte* Pin(string text)
            {
                var handle = GCHandle.Alloc(Encoding.UTF8.GetBytes(text + '\0'), GCHandleType.Pinned);
                pinned.Add(handle);
                return (byte*)handle.AddrOfPinnedObject();
            }

            var native = new NativeChatMessage[messages.Count];
            for (int i = 0; i < messages.Count; i++)
            {
                native[i].Role = Pin(messages[i].Role);
                native[i].Content = Pin(messages[i].Content);
            }
            byte* templateText = Pin(template);
            int capacity = Math.Max(256, messages.Sum(m => Encoding.UTF8.GetByteCount(m.Content) + Encoding.UTF8.GetByteCount(m.Role)) * 2 + 128);
            var output = new byte[capacity];
            int length;
            fixed (NativeChatMessage* chat = native)
            {
                fixed (byte* buffer = output)
                    length = apply(templateText, chat, (nuint)native.Length, addAssistantPrompt, buffer, output.Length);
                if (length > output.Length)
                {
                    output = new byte[length];
                    fixed (byte* buffer = output)
                        length = apply(templateText, chat, (nuint)native.Length, addAssistantPrompt, buffer, output.Length);
                }
            }
            return length < 0 ? null : Encoding.UTF8.GetString(output, 0, length);
        }
        finally
        {
            foreach (var handle in pinned)
                handle.Free();
        }
    }
}
