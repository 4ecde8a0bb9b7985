//! Formatting of Unix-millisecond timestamps, identical on server and browser (no clock crate needed).

const SECOND: i64 = 1_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// "19:04:05 UTC" for a Unix-millisecond timestamp.
pub fn clock_time_utc(unix_ms: i64) -> String {
    let of_day = unix_ms.rem_euclid(DAY);
    format!(
        "{:02}:{:02}:{:02} UTC",
        of_day / HOUR,
        of_day % HOUR / MINUTE,
        of_day % MINUTE / SECOND
    )
}

/// "2026-11-23 19:04 UTC" for a Unix-millisecond timestamp: the exact time behind "2 hours ago".
pub fn date_time_utc(unix_ms: i64) -> String {
    let format = ::time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    ::time::OffsetDateTime::from_unix_timestamp(unix_ms.div_euclid(SECOND))
        .ok()
        .and_then(|moment| moment.format(&format).ok())
        .unwrap_or_default()
}

/// "just now", "5 minutes ago", "1 hour ago", "3 days ago": how long before `now_ms` `then_ms` was.
pub fn relative_time(then_ms: i64, now_ms: i64) -> String {
    let elapsed = (now_ms - then_ms).max(0);
    let (count, unit) = match elapsed {
        e if e < MINUTE => return "just now".to_owned(),
        e if e < HOUR => (e / MINUTE, "minute"),
        e if e < DAY => (e / HOUR, "hour"),
        e => (e / DAY, "day"),
    };
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {unit}{plural} ago")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_time_shows_hours_minutes_and_seconds_of_the_day() {
        // 2026-11-23T19:04:05.678Z
        assert_eq!(clock_time_utc(1_795_460_645_678), "19:04:05 UTC");
        assert_eq!(clock_time_utc(0), "00:00:00 UTC");
    }

    #[test]
    fn date_time_shows_the_calendar_day_and_minute() {
        assert_eq!(date_time_utc(1_795_460_645_678), "2026-11-23 19:04 UTC");
        assert_eq!(date_time_utc(0), "1970-01-01 00:00 UTC");
    }

    #[test]
    fn relative_time_picks_the_largest_whole_unit() {
        let now = 10 * DAY;
        assert_eq!(relative_time(now - 30 * SECOND, now), "just now");
        assert_eq!(relative_time(now - MINUTE, now), "1 minute ago");
        assert_eq!(relative_time(now - 59 * MINUTE, now), "59 minutes ago");
        assert_eq!(
            relative_time(now - 2 * HOUR - 5 * MINUTE, now),
            "2 hours ago"
        );
        assert_eq!(relative_time(now - 3 * DAY, now), "3 days ago");
    }

    #[test]
    fn relative_time_of_a_future_moment_is_just_now() {
        assert_eq!(relative_time(2 * HOUR, HOUR), "just now");
    }
}
