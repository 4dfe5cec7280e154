/// The report's inline CSS: system CJK fonts only (works offline), tabular numerals, cards,
/// badges, a sticky table of contents on wide screens, and print rules for A4.
enum ReportStyleSheet {
    static let css = """
    :root{--ink:#1f2933;--muted:#627080;--line:#e3e8e5;--bg:#f3f5f3;--card:#ffffff;--accent:#2b8a3e;--accent-dark:#1b4332;--pass:#2b8a3e;--fail:#c92a2a;--error:#d9480f}
    *{box-sizing:border-box}
    html{font-size:15px;-webkit-text-size-adjust:100%}
    body{margin:0;background:var(--bg);color:var(--ink);font-family:"Noto Sans CJK SC","Source Han Sans SC","Noto Sans SC","WenQuanYi Zen Hei","Microsoft YaHei","PingFang SC","Hiragino Sans GB",system-ui,sans-serif;line-height:1.75;-webkit-font-smoothing:antialiased;print-color-adjust:exact;-webkit-print-color-adjust:exact}
    .wrap{max-width:1320px;margin:0 auto;padding:0 32px}
    .cover{background:linear-gradient(120deg,#12372a 0%,#1f5a3f 50%,#2f7d4f 100%);color:#fff;padding:44px 0 38px;border-bottom:4px solid #8cc29a}
    .cover .kicker{margin:0 0 6px;font-size:.8rem;letter-spacing:.2em;text-transform:uppercase;opacity:.75}
    .cover h1{margin:0;font-size:2.2rem;line-height:1.3;font-weight:700;letter-spacing:.02em}
    .cover .subtitle{margin:.5em 0 0;font-size:1.1rem;opacity:.92}
    .cover .generated{margin:1.1em 0 0;font-size:.82rem;opacity:.7;font-variant-numeric:tabular-nums}
    .layout{display:grid;grid-template-columns:230px minmax(0,1fr);gap:28px;align-items:start;padding-top:28px;padding-bottom:12px}
    .toc{position:sticky;top:16px;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 14px 12px}
    .toc h2{margin:0 0 8px;font-size:.8rem;letter-spacing:.15em;color:var(--muted);font-weight:700}
    .toc ol{list-style:none;margin:0;padding:0}
    .toc li{margin:0}
    .toc a{display:flex;gap:10px;align-items:baseline;padding:5px 8px;border-radius:6px;color:var(--ink);text-decoration:none;font-size:.92rem;line-height:1.45}
    .toc a:hover{background:#edf6ef;color:var(--accent-dark)}
    .toc .toc-num{color:var(--accent);font-weight:700;font-variant-numeric:tabular-nums;min-width:1.4em}
    main{min-width:0}
    section.section{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:26px 32px 30px;margin:0 0 26px;box-shadow:0 1px 2px rgba(16,40,24,.04)}
    section.section>h2{display:flex;align-items:center;gap:12px;margin:0 0 18px;font-size:1.4rem;line-height:1.35}
    .sec-num{display:inline-flex;align-items:center;justify-content:center;flex:none;width:1.9rem;height:1.9rem;border-radius:50%;background:var(--accent);color:#fff;font-size:.95rem;font-variant-numeric:tabular-nums}
    p{margin:.6em 0;max-width:62em}
    .figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(205px,1fr));gap:14px;margin:18px 0}
    .figure-card{position:relative;background:linear-gradient(180deg,#ffffff,#f7fbf8);border:1px solid var(--line);border-radius:12px;padding:14px 16px 12px;overflow:hidden}
    .figure-card::before{content:"";position:absolute;left:0;top:0;bottom:0;width:4px;background:var(--accent)}
    .figure-card .label{color:var(--muted);font-size:.86rem;line-height:1.4}
    .figure-card .value{font-size:1.75rem;font-weight:700;line-height:1.25;margin:4px 0 2px;font-variant-numeric:tabular-nums;color:var(--accent-dark);word-break:break-word}
    .figure-card .value.long{font-size:1.3rem;line-height:1.35;margin-top:6px}
    .figure-card .note{color:var(--muted);font-size:.76rem;line-height:1.45}
    figure{margin:22px 0}
    figure.map{margin:24px 0}
    figure.map svg{display:block;width:100%;max-width:1000px;height:auto;border:1px solid var(--line);border-radius:10px;background:#fff}
    figcaption{color:var(--muted);font-size:.86rem;line-height:1.55;margin-top:8px;max-width:1000px}
    figcaption .fig-num,.caption .fig-num{color:var(--ink);font-weight:700;margin-right:.5em}
    figure.table .caption{color:var(--ink);font-weight:600;font-size:.95rem;margin:0 0 8px}
    .scroll{overflow-x:auto;border:1px solid var(--line);border-radius:10px}
    table{border-collapse:collapse;width:100%;font-size:.88rem;line-height:1.5}
    thead th{position:sticky;top:0;background:#eef2ef;color:#2d3b33;font-weight:700;text-align:left;padding:8px 12px;border-bottom:1px solid #cfd8d2;white-space:nowrap}
    td{padding:6px 12px;border-top:1px solid #edf0ee;vertical-align:top}
    tbody tr:nth-child(even) td{background-color:#fafcfb}
    th.num,td.num{text-align:right;font-variant-numeric:tabular-nums lining-nums;white-space:nowrap}
    td.heat{font-weight:600}
    tbody tr.status-pass td:first-child{box-shadow:inset 4px 0 var(--pass)}
    tbody tr.status-fail td{background-color:#fff5f5}
    tbody tr.status-fail td:first-child{box-shadow:inset 4px 0 var(--fail)}
    tbody tr.status-error td{background-color:#fff8f0}
    tbody tr.status-error td:first-child{box-shadow:inset 4px 0 var(--error)}
    tfoot td{font-weight:700;background:#f3f6f4;border-top:2px solid #cfd8d2}
    td.empty{color:var(--muted);text-align:center;font-style:italic}
    .badge{display:inline-block;min-width:3.6em;text-align:center;padding:0 8px;border-radius:999px;font-size:.74rem;font-weight:700;letter-spacing:.06em;line-height:1.7;text-transform:uppercase}
    .badge-pass{background:#d3f9d8;color:#1e6b30}
    .badge-fail{background:#ffe3e3;color:#b02525}
    .badge-error{background:#ffe8cc;color:#b23d07}
    .note{color:var(--muted);font-size:.82rem;margin:8px 0 0}
    pre{background:#1e2a24;color:#e6efe9;padding:14px 18px;border-radius:10px;overflow-x:auto;font-size:.82rem;line-height:1.6;font-family:"Noto Sans Mono CJK SC","Sarasa Mono SC",ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace}
    footer.page-footer{color:var(--muted);font-size:.8rem;padding:8px 32px 36px;text-align:center}
    @media (max-width:1100px){.layout{grid-template-columns:1fr}.toc{position:static}}
    @media print{
      @page{size:A4;margin:15mm 13mm}
      html{font-size:10.5pt}
      body{background:#fff}
      .wrap{padding:0;max-width:none}
      .cover{background:#fff;color:#12372a;border-bottom:2px solid #12372a;padding:0 0 14px}
      .layout{display:block;padding-top:10px}
      .toc{position:static;border:none;padding:0 0 10px}
      section.section{border:none;box-shadow:none;padding:0;margin:0 0 14px;break-before:page}
      figure,.figure-card,tr{break-inside:avoid}
      .scroll{overflow:visible;border:none}
      thead{display:table-header-group}
      thead th{position:static}
      a{color:inherit;text-decoration:none}
    }
    """
}
