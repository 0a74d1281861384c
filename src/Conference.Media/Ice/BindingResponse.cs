using System.Net;
using Conference.Media.Stun;

namespace Conference.Media.Ice;

/// <summary>Writes the answers to ICE connectivity checks (RFC 8445 §7.3.1).</summary>
internal static class BindingResponse
{
    /// <summary>Success with XOR-MAPPED-ADDRESS, signed with our (the answerer's) password.</summary>
    public static int WriteSuccess(Span<byte> buffer, ReadOnlySpan<byte> transactionId, IPEndPoint remote, ReadOnlySpan<byte> localKey)
    {
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, transactionId);
        writer.AddXorMappedAddress(remote);
        writer.AddMessageIntegrity(localKey);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>RFC 8445 §7.3.1.1: 487 Role Conflict, still authenticated so the peer trusts it.</summary>
    public static int WriteRoleConflict(Span<byte> buffer, ReadOnlySpan<byte> transactionId, ReadOnlySpan<byte> localKey)
    {
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.ErrorResponse, transactionId);
        writer.AddErrorCode(487, "Role Conflict");
        writer.AddMessageIntegrity(localKey);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>RFC 8489 §6.3.1.1: 420 listing the comprehension-required attributes we do not know.</summary>
    public static int WriteUnknownAttributes(Span<byte> buffer, ReadOnlySpan<byte> transactionId, ReadOnlySpan<ushort> unknown, ReadOnlySpan<byte> localKey)
    {
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.ErrorResponse, transactionId);
        writer.AddErrorCode(420, "Unknown Attribute");
        writer.AddUnknownAttributes(unknown);
        writer.AddMessageIntegrity(localKey);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>Collects up to <paramref name="unknown"/>.Length comprehension-required attribute types a Binding request should not carry.</summary>
    public static int FindUnknownComprehensionRequired(StunMessageView message, Span<ushort> unknown)
    {
        int count = 0;
        foreach (StunAttribute attribute in message.Attributes)
        {
            switch (attribute.Type)
            {
                case StunAttributeType.MappedAddress or StunAttributeType.Username or StunAttributeType.MessageIntegrity
                    or StunAttributeType.ErrorCode or StunAttributeType.UnknownAttributes or StunAttributeType.Realm
                    or StunAttributeType.Nonce or StunAttributeType.MessageIntegritySha256 or StunAttributeType.XorMappedAddress
                    or StunAttributeType.Priority or StunAttributeType.UseCandidate:
                    break;
                default:
                    if (StunAttributeType.IsComprehensionRequired(attribute.Type) && count < unknown.Length)
                    {
                        unknown[count++] = attribute.Type;
                    }

                    break;
            }
        }

        return count;
    }

    /// <summary>Splits USERNAME "recipientUfrag:senderUfrag" (RFC 8445 §7.2.2).</summary>
    public static bool TrySplitUsername(ReadOnlySpan<byte> username, out ReadOnlySpan<byte> recipient, out ReadOnlySpan<byte> sender)
    {
        int colon = username.IndexOf((byte)':');
        if (colon <= 0)
        {
            recipient = default;
            sender = default;
            return false;
        }

        recipient = username.Slice(0, colon);
        sender = username.Slice(colon + 1);
        return true;
    }

    /// <summary>ASCII bytes equal to a string, without decoding to a new string.</summary>
    public static bool AsciiEquals(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }
}
