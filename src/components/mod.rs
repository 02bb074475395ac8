//! Views. Each takes plain data, signals and callbacks as props and only
//! renders: fetching and state live in [`crate::hooks`], so a component
//! knows nothing of the router or the API layer and can be mounted alone in a test.

pub mod activity_chart;
pub mod batch_facts;
pub mod batch_files;
pub mod batch_row;
pub mod batch_table;
pub mod cancel_dialog;
pub mod cause_list;
pub mod copy_button;
pub mod copy_link;
pub mod error_alert;
pub mod export_panel;
pub mod file_filters;
pub mod file_results;
pub mod file_row;
pub mod files_export;
pub mod filters_bar;
pub mod filters_toggle;
pub mod goto_box;
pub mod ignored_params;
pub mod job_details;
pub mod list_state;
pub mod notice;
pub mod outcome_summary;
pub mod pager;
pub mod progress_bar;
pub mod result_panel;
pub mod retry_status;
pub mod row_files;
pub mod row_marks;
pub mod settings_panel;
pub mod shortcuts_help;
pub mod status_badge;
pub mod status_chips;
pub mod timestamp;
pub mod top_bar;
pub mod views_menu;
pub mod watch_button;
pub mod watching_menu;
