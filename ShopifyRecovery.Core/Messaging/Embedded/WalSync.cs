using System.Runtime.InteropServices;

namespace ShopifyRecovery.Messaging.Embedded;

/// <summary>
/// Makes everything committed to a SQLite WAL file so far durable: one fsync of the file, whoever wrote the frames.
/// SQLite keeps the WAL while any connection is open (the writer's always is); a checkpoint that rewinds it has
/// synced the database file first, so the frames this flush may miss are already durable there. On Linux it is an
/// fdatasync, as SQLite's unix VFS uses where it exists: a plain fsync also journals the file's modification time,
/// which on ext4 costs a second disk flush on every call for nothing a reader of the WAL needs. Flush is virtual so
/// tests can hold a sync in flight.
/// </summary>
public class WalSync(string walPath) : IDisposable
{
    FileStream? _file;

    public virtual void Flush()
    {
        _file ??= new FileStream(walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        if (OperatingSystem.IsLinux())
        {
            if (FDataSync((int)_file.SafeFileHandle.DangerousGetHandle()) != 0)
                throw new IOException($"fdatasync of {walPath} failed (errno {Marshal.GetLastPInvokeError()}).");
            return;
        }
        _file.Flush(flushToDisk: true);
    }

    [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    static extern int FDataSync(int fd);

    public void Dispose() => _file?.Dispose();
}
