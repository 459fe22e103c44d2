//! Stage 3, render: Markdown through comrak, pages through the Tera templates, and
//! the Sass stylesheet through grass.

pub mod context;
pub mod markdown;
pub mod sass;
pub mod templates;
