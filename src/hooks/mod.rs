//! Behaviours with state, one per file, each `use_x` returning a struct
//! (leptos-use style): they own fetching and state so pages stay short and
//! components only render.

pub mod use_activity;
pub mod use_api_answer;
pub mod use_auto_refresh;
pub mod use_batch_files;
pub mod use_batch_list;
pub mod use_batch_outcomes;
pub mod use_cancel;
pub mod use_clock;
pub mod use_copy_link;
pub mod use_cursor_pager;
pub mod use_file_result;
pub mod use_interval;
pub mod use_job;
pub mod use_list_export;
pub mod use_saved_views;
pub mod use_status_counts;
pub mod use_url_view;
pub mod use_watches;
pub mod use_zone_name;
