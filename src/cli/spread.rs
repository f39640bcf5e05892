//! Work spread over threads: each thread takes the next item from a shared counter (so a slow
//! file does not hold up a queue of others) and keeps its own state; the results come back in
//! item order whatever thread produced them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Runs `work(index, item, state)` for every item on up to `threads` threads (at least one),
/// each thread with its own `S::default()` state. Returns the results in item order and every
/// thread's final state.
pub fn spread<I, S, R>(
    items: &[I],
    threads: usize,
    work: impl Fn(usize, &I, &mut S) -> R + Sync,
) -> (Vec<R>, Vec<S>)
where
    I: Sync,
    S: Default + Send,
    R: Send,
{
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::new());
    let threads = threads.clamp(1, items.len().max(1));
    let states: Vec<S> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut state = S::default();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        let result = work(index, item, &mut state);
                        if let Ok(mut results) = results.lock() {
                            results.push((index, result));
                        }
                    }
                    state
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or_default())
            .collect()
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(index, _)| *index);
    (results.into_iter().map(|(_, r)| r).collect(), states)
}

#[cfg(test)]
mod tests {
    use super::spread;

    #[test]
    fn every_item_is_worked_once_and_results_keep_item_order() {
        let items: Vec<u64> = (0..100).collect();
        for threads in [0, 1, 3, 200] {
            let (results, states) =
                spread(&items, threads, |index, item, seen: &mut Vec<usize>| {
                    seen.push(index);
                    item * 2
                });
            assert_eq!(results, items.iter().map(|i| i * 2).collect::<Vec<_>>());
            let mut seen: Vec<usize> = states.into_iter().flatten().collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..100).collect::<Vec<_>>(), "{threads} threads");
        }
    }
}
