//! What the style's drawing layers ([`crate::style`]) and text layers ([`crate::style_labels`])
//! both name, kept apart so that neither module imports the other.

/// Id of the vector source in the style.
pub const SOURCE: &str = "quartiers";

/// Colour of the contrats de ville.
pub const CONTRACT_COLOUR: &str = "#2d3a8c";

/// Zoom from which the contracts' points give way to the quartiers and communes they cover.
pub const CONTRACTS_MAX_ZOOM: f64 = 10.0;
