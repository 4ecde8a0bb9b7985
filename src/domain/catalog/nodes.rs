//! The switches themselves: key, label, one-line description. Keys are stored in the database and
//! never change once released; new switches are added, old ones never renamed.

/// Keys are dotted paths: the part before the last dot names the parent.
pub(super) const NODES: &[(&str, &str, &str)] = &[
    (
        "general",
        "General",
        "The account itself: its users, settings, billing and data.",
    ),
    (
        "general.users",
        "Manage account users",
        "Invite and edit the users of this account, within your own access.",
    ),
    (
        "general.settings",
        "Account settings",
        "Change the account's name, contact details and preferences.",
    ),
    (
        "general.billing",
        "Billing",
        "The account's invoices and payment details.",
    ),
    (
        "general.billing.invoices",
        "View invoices",
        "See and download invoices.",
    ),
    (
        "general.billing.payment",
        "Change payment details",
        "Update the card or bank details used for payment.",
    ),
    (
        "general.export",
        "Export data",
        "Download the account's data as files.",
    ),
    (
        "dashboards",
        "Dashboards",
        "Dashboards that combine metrics from several sources.",
    ),
    (
        "dashboards.view",
        "View dashboards",
        "Open the account's dashboards.",
    ),
    (
        "dashboards.edit",
        "Create and edit dashboards",
        "Build new dashboards and change existing ones.",
    ),
    ("reports", "Reports", "Reports on the account's results."),
    ("reports.view", "View reports", "Open and download reports."),
    (
        "reports.edit",
        "Create and edit reports",
        "Build new reports and change existing ones.",
    ),
    (
        "reports.schedule",
        "Schedule email reports",
        "Have reports emailed on a schedule.",
    ),
    ("messages", "Messages", "Conversations with the agency."),
    (
        "messages.read",
        "Read messages",
        "Read the conversations of the account.",
    ),
    ("messages.send", "Send messages", "Write to the agency."),
    ("tasks", "Tasks", "Work the agency does for the account."),
    ("tasks.view", "View tasks", "See tasks and their progress."),
    (
        "tasks.set",
        "Set tasks",
        "Ask the agency for work by creating tasks.",
    ),
    (
        "integrations",
        "Integrations",
        "Data from the services connected to the account.",
    ),
    (
        "integrations.google_ads",
        "Google Ads",
        "Advertising on Google.",
    ),
    (
        "integrations.google_ads.campaigns",
        "Campaigns",
        "The Google Ads campaigns of the account.",
    ),
    (
        "integrations.google_ads.keywords",
        "Keywords",
        "The keywords the campaigns bid on.",
    ),
    (
        "integrations.google_ads.metrics",
        "Metrics",
        "Performance figures from Google Ads.",
    ),
    (
        "integrations.google_ads.metrics.clicks",
        "Clicks",
        "How often ads were clicked.",
    ),
    (
        "integrations.google_ads.metrics.impressions",
        "Impressions",
        "How often ads were shown.",
    ),
    (
        "integrations.google_ads.metrics.conversions",
        "Conversions",
        "Actions taken after a click.",
    ),
    (
        "integrations.google_ads.metrics.cost",
        "Cost",
        "What the ads cost.",
    ),
    (
        "integrations.google_ads.metrics.ctr",
        "Click-through rate",
        "Clicks per impression.",
    ),
    (
        "integrations.google_ads.metrics.cpc",
        "Cost per click",
        "Average cost of one click.",
    ),
    (
        "integrations.google_analytics",
        "Google Analytics",
        "Website traffic measured by Google Analytics.",
    ),
    (
        "integrations.google_analytics.audiences",
        "Audiences",
        "Groups of visitors and their traits.",
    ),
    (
        "integrations.google_analytics.metrics",
        "Metrics",
        "Traffic figures from Google Analytics.",
    ),
    (
        "integrations.google_analytics.metrics.sessions",
        "Sessions",
        "Visits to the site.",
    ),
    (
        "integrations.google_analytics.metrics.users",
        "Users",
        "People who visited.",
    ),
    (
        "integrations.google_analytics.metrics.pageviews",
        "Page views",
        "Pages viewed.",
    ),
    (
        "integrations.google_analytics.metrics.bounce_rate",
        "Bounce rate",
        "Visits that left after one page.",
    ),
    (
        "integrations.google_analytics.metrics.conversions",
        "Conversions",
        "Goals completed on the site.",
    ),
    (
        "integrations.facebook_ads",
        "Facebook Ads",
        "Advertising on Facebook and Instagram.",
    ),
    (
        "integrations.facebook_ads.campaigns",
        "Campaigns",
        "The Facebook Ads campaigns of the account.",
    ),
    (
        "integrations.facebook_ads.metrics",
        "Metrics",
        "Performance figures from Facebook Ads.",
    ),
    (
        "integrations.facebook_ads.metrics.reach",
        "Reach",
        "People who saw the ads.",
    ),
    (
        "integrations.facebook_ads.metrics.impressions",
        "Impressions",
        "How often ads were shown.",
    ),
    (
        "integrations.facebook_ads.metrics.clicks",
        "Clicks",
        "How often ads were clicked.",
    ),
    (
        "integrations.facebook_ads.metrics.spend",
        "Amount spent",
        "What the ads cost.",
    ),
    (
        "integrations.facebook_ads.metrics.leads",
        "Leads",
        "Contact details collected by the ads.",
    ),
    (
        "integrations.search_console",
        "Search Console",
        "How the site appears in Google Search.",
    ),
    (
        "integrations.search_console.queries",
        "Queries",
        "What people searched for.",
    ),
    (
        "integrations.search_console.pages",
        "Pages",
        "Which pages appeared in search.",
    ),
    (
        "integrations.search_console.metrics",
        "Metrics",
        "Search performance figures.",
    ),
    (
        "integrations.search_console.metrics.clicks",
        "Clicks",
        "Clicks from search results.",
    ),
    (
        "integrations.search_console.metrics.impressions",
        "Impressions",
        "Appearances in search results.",
    ),
    (
        "integrations.search_console.metrics.ctr",
        "Click-through rate",
        "Clicks per appearance.",
    ),
    (
        "integrations.search_console.metrics.position",
        "Average position",
        "Average rank in search results.",
    ),
    (
        "integrations.rank_tracker",
        "Rank Tracker",
        "Rankings of tracked keywords.",
    ),
    (
        "integrations.rank_tracker.keywords",
        "Tracked keywords",
        "The keywords being tracked.",
    ),
    (
        "integrations.rank_tracker.competitors",
        "Competitors",
        "Rankings of competing sites.",
    ),
    (
        "integrations.rank_tracker.metrics",
        "Metrics",
        "Ranking figures.",
    ),
    (
        "integrations.rank_tracker.metrics.positions",
        "Positions",
        "Current rank per keyword.",
    ),
    (
        "integrations.rank_tracker.metrics.visibility",
        "Visibility",
        "Share of searches the site appears in.",
    ),
    (
        "integrations.rank_tracker.metrics.changes",
        "Changes",
        "Ranks gained and lost.",
    ),
    ("domains", "Domains", "The account's domain names."),
    (
        "domains.view",
        "View domains",
        "See the domains and their expiry dates.",
    ),
    ("domains.dns", "DNS records", "See and change DNS records."),
    (
        "domains.contacts",
        "Contacts",
        "Change the registrant and other contacts.",
    ),
    (
        "domains.ssl",
        "SSL certificates",
        "See and renew certificates.",
    ),
    (
        "domains.transfers",
        "Transfers and renewals",
        "Transfer domains and renew them.",
    ),
    (
        "applications",
        "Applications",
        "Websites and applications the agency runs.",
    ),
    (
        "applications.view",
        "View applications",
        "See the applications and their status.",
    ),
    (
        "applications.environments",
        "Environments",
        "The environments of each application.",
    ),
    (
        "applications.environments.production",
        "Production",
        "The live environment.",
    ),
    (
        "applications.environments.production.configure",
        "Configure",
        "Change settings of production.",
    ),
    (
        "applications.environments.production.deploy",
        "Deploy",
        "Put a new version live.",
    ),
    (
        "applications.environments.production.logs",
        "Logs",
        "Read the logs of production.",
    ),
    (
        "applications.environments.staging",
        "Staging",
        "The environment for trying changes.",
    ),
    (
        "applications.environments.staging.configure",
        "Configure",
        "Change settings of staging.",
    ),
    (
        "applications.environments.staging.deploy",
        "Deploy",
        "Put a new version on staging.",
    ),
    (
        "applications.environments.staging.logs",
        "Logs",
        "Read the logs of staging.",
    ),
    (
        "applications.traffic",
        "Traffic metrics",
        "How much the applications are used.",
    ),
    (
        "applications.traffic.requests",
        "Requests",
        "Requests served.",
    ),
    (
        "applications.traffic.bandwidth",
        "Bandwidth",
        "Data transferred.",
    ),
    ("applications.traffic.errors", "Errors", "Failed requests."),
    (
        "applications.traffic.response_time",
        "Response time",
        "How fast requests are answered.",
    ),
    ("support", "Support", "Help from the agency."),
    (
        "support.view",
        "View tickets",
        "Read support tickets of the account.",
    ),
    ("support.open", "Open tickets", "Ask the agency for help."),
];
