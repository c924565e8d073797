using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace MemberCard.Runtime.Messaging;

/// <summary>
/// One persistent TCP connection between two silos, carrying many requests at once in both directions:
/// each request has an id, replies may come back in any order. Frames are written under one lock, so they never
/// interleave; at most <c>maxInFlight</c> requests wait for replies at once and further senders wait
/// (back-pressure). When the connection breaks, every waiting request fails at once.
/// </summary>
internal sealed class SiloConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _inFlight;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<Frame>> _pending = new();
    private readonly Func<Frame, Task<Frame>>? _handler;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _goodbyeAcknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;
    private int _handling;
    private volatile bool _draining;
    private volatile bool _retired;

    public SiloConnection(Socket socket, int maxInFlight, Func<Frame, Task<Frame>>? handler, ILogger logger)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream);
        _writer = PipeWriter.Create(_stream);
        _inFlight = new SemaphoreSlim(maxInFlight, maxInFlight);
        _handler = handler;
        _logger = logger;
        _ = ReadLoopAsync();
    }

    /// <summary>Completes when the connection has closed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Closed, retired, or the other silo said goodbye: no new request may be sent.</summary>
    public bool IsClosed => _draining || _retired || _closed.Task.IsCompleted;

    /// <summary>
    /// Sends a request and waits for its reply. Throws <see cref="ConnectionClosedException"/> with
    /// <c>Sent = false</c> when the request never left (safe to retry elsewhere), <c>Sent = true</c> when the
    /// connection broke after it left (the outcome is unknown), <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public async Task<Frame> SendAsync(FrameKind kind, byte[] body, TimeSpan timeout)
    {
        if (!await _inFlight.WaitAsync(timeout).ConfigureAwait(false)) throw new TimeoutException("Too many requests in flight on the connection.");
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<Frame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            try
            {
                await WriteRequestAsync(new Frame(kind, id, body)).ConfigureAwait(false);
            }
            catch (ConnectionClosedException)
            {
                throw;
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                Close(e);
                throw new ConnectionClosedException(sent: true, e);
            }
            return await reply.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
            _inFlight.Release();
        }
    }

    // The closed check runs under the write lock, so a request is either written before the goodbye
    // acknowledgement (and will be answered) or refused here (and was never sent).
    private async Task WriteRequestAsync(Frame frame)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (IsClosed) throw new ConnectionClosedException(sent: false);
            await WriteLockedAsync(frame).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Graceful close by the side that answers requests: says goodbye, waits until the other side acknowledges (so
    /// no request is still on its way) and every request received has been answered, then closes. A request that
    /// never got an answer therefore never ran, and the caller may safely send it elsewhere. Each wait is bounded by
    /// <paramref name="timeout"/>; requests already being handled are waited for even when the acknowledgement is late.
    /// </summary>
    public async Task DrainAndCloseAsync(TimeSpan timeout)
    {
        try
        {
            await WriteAsync(new Frame(FrameKind.Goodbye, 0, [])).ConfigureAwait(false);
            await _goodbyeAcknowledged.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or TimeoutException)
        {
            // The other side is gone or slow: answer what already arrived, then close.
        }
        await WaitUntilAsync(() => Volatile.Read(ref _handling) == 0, timeout).ConfigureAwait(false);
        Close(null);
    }

    /// <summary>
    /// Graceful close by the side that sends requests, when the other silo left or died: new requests are refused
    /// as not sent at once, requests already sent keep waiting for their replies (bounded by <paramref name="timeout"/>),
    /// then the connection closes. A silo that is leaving answers them all before it closes; a dead one never will,
    /// and its requests fail as sent once the socket breaks or the wait ends.
    /// </summary>
    public async Task RetireAsync(TimeSpan timeout)
    {
        _retired = true;
        await WaitUntilAsync(() => _pending.IsEmpty, timeout).ConfigureAwait(false);
        Close(null);
    }

    private async Task WaitUntilAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done() && !_closed.Task.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(10).ConfigureAwait(false);
    }

    private async Task WriteAsync(Frame frame)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await WriteLockedAsync(frame).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task WriteLockedAsync(Frame frame)
    {
        var span = _writer.GetSpan(Frame.HeaderSize + frame.Body.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, 1 + 8 + frame.Body.Length);
        span[4] = (byte)frame.Kind;
        BinaryPrimitives.WriteInt64LittleEndian(span[5..], frame.Id);
        frame.Body.CopyTo(span[Frame.HeaderSize..]);
        _writer.Advance(Frame.HeaderSize + frame.Body.Length);
        var result = await _writer.FlushAsync().ConfigureAwait(false);
        if (result.IsCompleted) throw new IOException("The connection is closed.");
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryParse(ref buffer, out var frame)) Dispatch(frame);
                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) break;
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        Close(failure);
    }

    private static bool TryParse(ref ReadOnlySequence<byte> buffer, out Frame frame)
    {
        frame = default;
        if (buffer.Length < 4) return false;
        Span<byte> lengthBytes = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(lengthBytes);
        var length = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
        if (length < 9 || length > Frame.MaxLength) throw new InvalidDataException($"Bad frame length {length}.");
        if (buffer.Length < 4 + length) return false;
        var header = buffer.Slice(4, 9);
        Span<byte> headerBytes = stackalloc byte[9];
        header.CopyTo(headerBytes);
        var body = buffer.Slice(Frame.HeaderSize, length - 9).ToArray();
        frame = new Frame((FrameKind)headerBytes[0], BinaryPrimitives.ReadInt64LittleEndian(headerBytes[1..]), body);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    private void Dispatch(Frame frame)
    {
        if (frame.Kind == FrameKind.Goodbye)
        {
            _draining = true;
            // Written under the write lock, so every request sent before it is already on the wire.
            _ = AcknowledgeGoodbyeAsync();
            return;
        }
        if (frame.Kind == FrameKind.GoodbyeAck)
        {
            _goodbyeAcknowledged.TrySetResult();
            return;
        }
        if (frame.IsReply)
        {
            if (_pending.TryRemove(frame.Id, out var waiting)) waiting.TrySetResult(frame);
            return;
        }
        if (_handler is null) return;
        _ = HandleAsync(frame);
    }

    private async Task AcknowledgeGoodbyeAsync()
    {
        try
        {
            await WriteAsync(new Frame(FrameKind.GoodbyeAck, 0, [])).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close(e);
        }
    }

    private async Task HandleAsync(Frame request)
    {
        Interlocked.Increment(ref _handling);
        try
        {
            await AnswerAsync(request).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _handling);
        }
    }

    private async Task AnswerAsync(Frame request)
    {
        Frame reply;
        try
        {
            reply = await _handler!(request).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            reply = new Frame(FrameKind.Error, request.Id, RemoteErrorCodec.Encode(RemoteError.From(e)));
        }
        try
        {
            await WriteAsync(reply with { Id = request.Id }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close(e);
        }
    }

    private void Close(Exception? cause)
    {
        if (!_closed.TrySetResult()) return;
        if (cause is not null) _logger.LogDebug(cause, "Silo connection to {Remote} closed", _socket.RemoteEndPoint);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
        _socket.Dispose();
        foreach (var waiting in _pending.Values) waiting.TrySetException(new ConnectionClosedException(sent: true, cause));
    }

    public ValueTask DisposeAsync()
    {
        Close(null);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The connection closed; <see cref="Sent"/> says whether the request may have reached the other silo.</summary>
internal sealed class ConnectionClosedException(bool sent, Exception? inner = null)
    : IOException(sent ? "The silo connection broke after the request was sent." : "The silo connection was closed before the request was sent.", inner)
{
    public bool Sent { get; } = sent;
}
