namespace Conference.Server.Auth;

/// <summary>At least 10 characters and not one of the passwords attackers try first.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 256;

    // The most common passwords of 10+ characters in public breach corpora (lower-cased).
    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "1234567890", "0123456789", "12345678910", "1234567891", "123456789a", "qwertyuiop", "1q2w3e4r5t",
        "1qaz2wsx3edc", "password12", "password123", "password1234", "passw0rd123", "iloveyou12", "qwerty1234",
        "qwerty12345", "qwerty123456", "abcdefghij", "abc1234567", "a123456789", "asdfghjkl1", "zxcvbnm123",
        "1111111111", "0000000000", "9876543210", "princess12", "football12", "baseball12", "welcome123",
        "letmein123", "sunshine12", "superman12", "trustno1234", "changeme123", "administrator", "admin12345",
        "adminadmin", "conference", "conference1", "conference123", "p@ssw0rd123", "monkey1234", "dragon1234",
        "master1234", "michael123", "whatever12", "starwars12", "1234qwerty", "q1w2e3r4t5", "aaaaaaaaaa",
    };

    /// <summary>The problem with a password, or null when it is acceptable.</summary>
    public static string? Check(string? password)
    {
        if (string.IsNullOrEmpty(password)) return "'password' is required.";
        if (password.Length < MinLength) return $"'password' must be at least {MinLength} characters.";
        if (password.Length > MaxLength) return $"'password' must be at most {MaxLength} characters.";
        if (Common.Contains(password.ToLowerInvariant())) return "'password' is too common.";
        return null;
    }
}
