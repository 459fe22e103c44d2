//! Scratch memory for the per-page pass. A page's pass allocates a great deal that
//! lives only while the page is made (its body, the comrak tree, the HTML, the
//! evidence analysis) and a little that is kept to the end of the run (its findings,
//! facts and row of the matrix). Allocated side by side, the little that is kept
//! holds on to memory pages that are otherwise free, and a large site's run ends up
//! with half its resident memory in such holes. [`run`] therefore gives the pass a
//! heap of its own (with mimalloc, the default allocator of the binary), and the
//! pass copies what it keeps out of it ([`crate::pipeline`]).
//!
//! Only where the memory lies changes: every allocation is freed as before, from
//! any thread, whichever heap it came from.

/// Runs `f` with the current thread's allocations in its scratch heap.
#[cfg(feature = "mimalloc")]
pub fn run<R>(f: impl FnOnce() -> R) -> R {
    use libmimalloc_sys::{mi_heap_new, mi_heap_set_default, mi_heap_t};
    use std::cell::Cell;
    thread_local! {
        static HEAP: Cell<*mut mi_heap_t> = const { Cell::new(std::ptr::null_mut()) };
    }
    /// Puts the thread's default heap back, also when `f` panics.
    struct Restore(*mut mi_heap_t);
    impl Drop for Restore {
        fn drop(&mut self) {
            // SAFETY: the heap was the thread's default before and is never deleted.
            unsafe { mi_heap_set_default(self.0) };
        }
    }
    let heap = HEAP.with(|h| {
        if h.get().is_null() {
            // SAFETY: a new heap owned by this thread, kept for the thread's life.
            h.set(unsafe { mi_heap_new() });
        }
        h.get()
    });
    if heap.is_null() {
        return f();
    }
    // SAFETY: `heap` belongs to this thread (thread-local, made here) and lives on.
    let _restore = Restore(unsafe { mi_heap_set_default(heap) });
    f()
}

/// Runs `f` (without mimalloc, the system allocator has no separate heaps).
#[cfg(not(feature = "mimalloc"))]
pub fn run<R>(f: impl FnOnce() -> R) -> R {
    f()
}
