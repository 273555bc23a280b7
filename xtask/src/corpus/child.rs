//! Runs one child process with a time limit, keeping its standard error, its wall time and (on Unix)
//! its peak memory, and how it ended: an exit code, a signal, or killed at the limit.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How a child process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    /// Killed by a signal it did not handle, such as `SIGABRT` after a stack overflow.
    Signal(i32),
    /// Still running at the time limit, and killed.
    TimedOut,
}

/// What a finished child left.
#[derive(Debug, Clone)]
pub struct Finished {
    pub exit: Exit,
    pub seconds: f64,
    /// The largest resident set, in KiB, where the platform reports it.
    pub peak_kib: Option<u64>,
    pub stderr: String,
}

/// Runs `command` with standard input and output closed, killing it after `timeout`.
pub fn run(mut command: Command, timeout: Duration) -> Result<Finished, String> {
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
    // Its own process group, so that at the time limit anything it started dies with it, and
    // no grandchild keeps the pipe open.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let start = Instant::now();
    let mut child = command.spawn().map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    let pipe = child.stderr.take();
    // Standard error is read while the child runs: a child that fills the pipe would otherwise
    // block forever and be taken for a hanging one.
    let (waited, stderr) = std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        });
        let waited = wait(&mut child, timeout);
        (waited, reader.join().unwrap_or_default())
    });
    let (exit, peak_kib) = waited.map_err(|e| format!("waiting for {:?}: {e}", command.get_program()))?;
    Ok(Finished { exit, seconds: start.elapsed().as_secs_f64(), peak_kib, stderr })
}

/// Polls the child until it ends or the time is up, with `wait4`, which also reports its peak memory.
#[cfg(unix)]
fn wait(child: &mut Child, timeout: Duration) -> std::io::Result<(Exit, Option<u64>)> {
    use std::os::unix::process::ExitStatusExt;
    let pid = libc::pid_t::try_from(child.id()).map_err(std::io::Error::other)?;
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    let mut killed = false;
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let flags = if killed { 0 } else { libc::WNOHANG };
        // SAFETY: `pid` is our own child, not reaped yet (std's `Child` only reaps in `wait`,
        // which is never called on it), and both pointers are to live locals.
        let reaped = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        if reaped == pid {
            let status = std::process::ExitStatus::from_raw(status);
            let exit = match (killed, status.code(), status.signal()) {
                (true, _, _) => Exit::TimedOut,
                (false, Some(code), _) => Exit::Code(code),
                (false, None, signal) => Exit::Signal(signal.unwrap_or(0)),
            };
            // Linux reports `ru_maxrss` in KiB.
            return Ok((exit, u64::try_from(usage.ru_maxrss).ok()));
        }
        if reaped < 0 {
            let error = std::io::Error::last_os_error();
            if error.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(error);
        }
        if start.elapsed() >= timeout {
            // SAFETY: a plain system call; the group is the child's own (see `run`), and the child
            // is not reaped yet, so its id is still its group's.
            if unsafe { libc::kill(-pid, libc::SIGKILL) } != 0 {
                child.kill()?;
            }
            killed = true;
            continue;
        }
        std::thread::sleep(pause);
        // Most specs take well under a second; a short first pause keeps their timing close.
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// Polls the child until it ends or the time is up; peak memory is not reported here.
#[cfg(not(unix))]
fn wait(child: &mut Child, timeout: Duration) -> std::io::Result<(Exit, Option<u64>)> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok((status.code().map_or(Exit::Signal(0), Exit::Code), None));
        }
        if start.elapsed() >= timeout {
            child.kill()?;
            child.wait()?;
            return Ok((Exit::TimedOut, None));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str, timeout: Duration) -> Finished {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        run(command, timeout).unwrap()
    }

    #[test]
    fn exit_codes_signals_and_time_limits_are_told_apart() {
        let ended = sh("echo oops >&2; exit 3", Duration::from_secs(20));
        assert_eq!((ended.exit, ended.stderr.as_str()), (Exit::Code(3), "oops\n"));
        assert!(ended.peak_kib.is_some_and(|kib| kib > 0), "{:?}", ended.peak_kib);
        assert_eq!(sh("kill -ABRT $$", Duration::from_secs(20)).exit, Exit::Signal(libc::SIGABRT));
        let hung = sh("sleep 20", Duration::from_millis(200));
        assert_eq!(hung.exit, Exit::TimedOut);
        assert!(hung.seconds < 10.0, "killed at the limit, not at the end: {} s", hung.seconds);
    }
}
