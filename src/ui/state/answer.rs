//! What a card reads from the workers' store: its view with where it came from and whether a
//! newer answer is on its way ([`Answer`]), and the findings table's window ([`TableAnswer`]).

use leptos::prelude::*;

use crate::store::window::TableRow;

/// What the table shows from the store.
#[derive(Clone, Debug, PartialEq)]
pub struct TableAnswer {
    /// The position of the window's first row in the sorted selection.
    pub offset: usize,
    pub total: usize,
    /// The window's finding ids, in table order.
    pub ids: Vec<String>,
    /// Their rows, once they have arrived.
    pub rows: Vec<TableRow>,
    pub updating: bool,
}

/// A card's view and where it came from, for the card's `data-source` (`"workers"` or
/// `"page"`) and its updating look (`aria-busy`) while a newer answer is on its way.
pub struct Answer<T: Send + Sync + 'static> {
    pub value: Memo<T>,
    pub source: Signal<&'static str>,
    pub updating: Signal<bool>,
}

// By hand: a derive would ask `T: Copy`, and every field is a handle whatever `T` is.
impl<T: Send + Sync + 'static> Clone for Answer<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Answer<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Answer<T> {
    /// The store's view (with whether it answers the current request) while it has one,
    /// else `on_page`'s.
    pub(super) fn of(
        from_store: Memo<Option<(T, bool)>>,
        on_page: impl Fn() -> T + Send + Sync + 'static,
    ) -> Self {
        let value = Memo::new(move |_| match from_store.get() {
            Some((value, _)) => value,
            None => on_page(),
        });
        Self {
            value,
            source: Signal::derive(move || {
                if from_store.with(Option::is_some) {
                    "workers"
                } else {
                    "page"
                }
            }),
            updating: Signal::derive(move || {
                from_store.with(|s| s.as_ref().is_some_and(|(_, fresh)| !fresh))
            }),
        }
    }
}
