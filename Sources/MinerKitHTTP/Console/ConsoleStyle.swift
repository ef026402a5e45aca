/// `console.css`: one small stylesheet, readable on a phone (tables scroll sideways in their box,
/// forms stack), light and dark.
enum ConsoleStyle {
    static let css = """
        :root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#5b6570;--line:#d8dee4;--accent:#0a62c9;--ok:#137333;--bad:#b3261e}
        @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9aa6b2;--line:#30363d;--accent:#58a6ff;--ok:#3fb950;--bad:#f85149}}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;border-bottom:1px solid var(--line)}
        header .brand{font-weight:700;color:var(--fg);text-decoration:none}
        nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem}
        a{color:var(--accent)}
        .search{display:flex;gap:.3rem;margin-left:auto;flex:1 1 16rem;max-width:28rem}
        .search input{flex:1;min-width:0}
        input,select,textarea,button{font:inherit;padding:.35rem .5rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
        button{cursor:pointer;background:var(--accent);color:#fff;border-color:var(--accent)}
        main{padding:1rem;max-width:72rem;margin:0 auto}
        h1{font-size:1.35rem;margin:.2rem 0 1rem;overflow-wrap:anywhere}
        h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem}
        .card{border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem;display:flex;flex-direction:column}
        .card .label{color:var(--muted);font-size:.85rem}
        .card .value{font-size:1.5rem;font-weight:600;font-variant-numeric:tabular-nums}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
        th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);white-space:nowrap}
        meter{width:10rem;max-width:40vw}
        .hash{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em;overflow-wrap:anywhere;white-space:normal}
        dl.fields{display:grid;grid-template-columns:minmax(7rem,12rem) 1fr;gap:.3rem 1rem}
        dl.fields dt{color:var(--muted)}
        dl.fields dd{margin:0;overflow-wrap:anywhere}
        @media (max-width:36rem){dl.fields{grid-template-columns:1fr}dl.fields dd{margin-bottom:.4rem}}
        .note{color:var(--muted);font-size:.9rem}
        .error{color:var(--bad);font-weight:600}
        .filter,.key-form,.verify-form{display:flex;flex-wrap:wrap;gap:.4rem .6rem;align-items:center;margin:.5rem 0}
        .verify-form{flex-direction:column;align-items:stretch}
        textarea{width:100%;font-family:ui-monospace,Menlo,monospace;font-size:.85rem}
        form.inline{display:inline}
        .verdict{border:1px solid var(--line);border-radius:8px;padding:.4rem .9rem;margin:0 0 1rem}
        #verdict[data-state=valid]{color:var(--ok);font-weight:700}
        #verdict[data-state=invalid]{color:var(--bad);font-weight:700}
        #checks li.pass::marker{content:"✓ ";color:var(--ok)}
        #checks li.fail::marker{content:"✗ ";color:var(--bad)}
        .state-failed,.status-offline{color:var(--bad)}
        .state-completed,.status-active{color:var(--ok)}
        footer{color:var(--muted);font-size:.85rem;padding:1rem;border-top:1px solid var(--line);text-align:center}
        """
}
