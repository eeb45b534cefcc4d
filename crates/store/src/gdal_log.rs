//! GDAL's warnings and errors, kept per thread instead of printed on stderr, so that an import
//! reports them in its validation report (a recoding problem of a Shapefile, a truncated
//! field) and a failed open explains itself.

use std::cell::RefCell;
use std::sync::Once;

use gdal::errors::{CplErrType, GdalError};

const MAX_KEPT: usize = 100;

thread_local! {
    static MESSAGES: RefCell<Vec<(bool, String)>> = const { RefCell::new(Vec::new()) };
}

/// Routes GDAL's messages to the calling thread's buffer (once per process).
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        gdal::config::set_error_handler(|class, _num, message| {
            let is_error = matches!(class, CplErrType::Failure | CplErrType::Fatal);
            if matches!(class, CplErrType::None | CplErrType::Debug) {
                return;
            }
            MESSAGES.with(|m| {
                let mut m = m.borrow_mut();
                // A thread that never drains (a server's reader) keeps only the latest ones.
                if m.len() >= MAX_KEPT {
                    m.remove(0);
                }
                m.push((is_error, message.to_string()));
            });
        });
    });
}

/// Takes the errors and the warnings GDAL gave on this thread since the last call.
pub fn take_messages() -> (Vec<String>, Vec<String>) {
    MESSAGES.with(|m| {
        let (errors, warnings): (Vec<_>, Vec<_>) = std::mem::take(&mut *m.borrow_mut())
            .into_iter()
            .partition(|(is_error, _)| *is_error);
        (
            errors.into_iter().map(|(_, m)| m).collect(),
            warnings.into_iter().map(|(_, m)| m).collect(),
        )
    })
}

/// Forgets the messages of this thread.
pub fn clear() {
    MESSAGES.with(|m| m.borrow_mut().clear());
}

/// A GDAL error as one line, with GDAL's own last message when the error lacks one.
pub fn describe(error: &GdalError) -> String {
    let last = MESSAGES.with(|m| {
        m.borrow()
            .iter()
            .rev()
            .find(|(is_error, _)| *is_error)
            .map(|(_, message)| message.clone())
    });
    let text = match error {
        GdalError::NullPointer { msg, .. } | GdalError::CplError { msg, .. } if !msg.is_empty() => {
            msg.clone()
        }
        other => last.unwrap_or_else(|| other.to_string()),
    };
    text.trim().to_string()
}
