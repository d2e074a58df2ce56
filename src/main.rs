//! The `actorgraph` command-line tool: a thin layer over the library.
mod cli;

// With threads, `build` hands each document's triples (a dozen strings
// each) from the worker that made them to the thread that adds them to the
// graph; mimalloc frees memory across threads without the contention of
// the system allocator's arenas (2 threads: 1.4x -> 1.6x the 1-thread speed).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
