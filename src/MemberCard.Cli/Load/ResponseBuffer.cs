namespace MemberCard.Cli.Load;

/// <summary>
/// A body buffer owned by one sequential worker and reused for every answer it reads, so the hot
/// path allocates no per-response arrays; it grows for the rare large body (a ledger page).
/// </summary>
internal sealed class ResponseBuffer(int initialSize = 4096)
{
    private const int MaxSize = 16 * 1024 * 1024;

    private byte[] _bytes = new byte[initialSize];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    public async Task FillAsync(HttpContent content, CancellationToken token)
    {
        Length = 0;
        var stream = await content.ReadAsStreamAsync(token);
        await using (stream.ConfigureAwait(false))
        {
            while (true)
            {
                if (Length == _bytes.Length)
                {
                    if (_bytes.Length >= MaxSize) throw new InvalidDataException($"The response body is larger than {MaxSize} bytes.");
                    Array.Resize(ref _bytes, _bytes.Length * 2);
                }
                var read = await stream.ReadAsync(_bytes.AsMemory(Length), token);
                if (read == 0) return;
                Length += read;
            }
        }
    }
}
