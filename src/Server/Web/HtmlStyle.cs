namespace Tracing.Server.Web;

/// <summary>The portal's one style sheet (pages may add their own small <c>&lt;style&gt;</c>).</summary>
internal static partial class Html
{
    /// <summary>
    /// The look: a blue government header with the service's name, a menu that wraps on a phone, forms whose inputs
    /// fill a phone's width, checkboxes beside their labels (<c>label.check</c>), tables that scroll inside
    /// <c>.table-wrap</c> or turn into cards (<c>table.cards</c>, each cell with <c>data-label</c>) under 600 px.
    /// </summary>
    public const string Style = """
        *,*::before,*::after{box-sizing:border-box}
        [hidden]{display:none !important}
        body{font-family:Arial,Helvetica,sans-serif;margin:0;line-height:1.5;color:#1b1b1b;background:#f4f6f9;display:flex;flex-direction:column;min-height:100vh}
        a{color:#0b5fa5}
        header.site{background:#0b5fa5;color:#fff;border-bottom:4px solid #c8102e}
        header.site .bar{max-width:72rem;margin:0 auto;padding:.6rem 1rem}
        .brand{display:flex;gap:.7rem;align-items:center;color:#fff;text-decoration:none}
        .brand strong{display:block;font-size:1.05rem;letter-spacing:.02em}
        .brand small{display:block;font-size:.85rem;opacity:.9}
        .emblem{flex:none}
        nav.menu{max-width:72rem;margin:0 auto;padding:0 1rem .5rem;display:flex;flex-wrap:wrap;gap:.3rem .4rem;align-items:center}
        nav.menu form{display:inline;margin:0}
        a.nav,button.nav{display:inline-block;color:#fff;text-decoration:none;font:inherit;font-size:.95rem;padding:.25rem .6rem;border-radius:3px;background:rgba(255,255,255,.12);margin:0}
        a.nav:hover,button.nav:hover,a.nav[aria-current=page]{background:#fff;color:#0b5fa5}
        .phone{color:#fff;font-weight:bold;padding:.25rem .4rem}
        main{flex:1;width:100%;max-width:72rem;margin:1rem auto;padding:0 1rem}
        main>h1:first-child,main>.steps+h1{margin-top:.3rem}
        h1{font-size:1.5rem;color:#0b3d6e}
        h2{font-size:1.2rem;color:#0b3d6e}
        .card,.panel{background:#fff;border:1px solid #d5dbe3;border-radius:6px;padding:1rem;margin:1rem 0}
        footer.site{background:#0b3d6e;color:#fff;padding:.8rem 0;font-size:.9rem}
        footer.site p{max-width:72rem;margin:.2rem auto;padding:0 1rem}
        footer.site a{color:#fff}
        label{display:block;margin:.6rem 0 .2rem;font-weight:bold}
        .required{color:#c8102e}
        .hint{color:#555;font-size:.9rem;margin:.2rem 0}
        input,select,textarea{font:inherit;padding:.45rem;width:100%;max-width:32rem;border:1px solid #9aa5b1;border-radius:4px;background:#fff}
        input[readonly]{background:#eef1f5}
        input[type=radio],input[type=checkbox]{width:auto;max-width:none;margin:0;flex:none}
        label.check{display:flex;gap:.5rem;align-items:center;font-weight:normal;margin:.3rem 0}
        .field-error{color:#b00020;margin:.2rem 0 0;font-size:.95rem}
        [aria-invalid=true]{border-color:#b00020;outline:1px solid #b00020}
        .grid3{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:0 1rem}
        .grid3 select{max-width:none}
        .region-picker{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:0 1rem}
        .region-picker select{max-width:none}
        .region-picker noscript{grid-column:1/-1}
        button,.button{display:inline-block;font:inherit;padding:.5rem 1rem;margin-top:.7rem;background:#0b5fa5;color:#fff;border:0;border-radius:4px;cursor:pointer;text-decoration:none}
        button.secondary,.button.secondary{background:#fff;color:#0b5fa5;border:1px solid #0b5fa5}
        button.link{background:none;padding:0;margin:0;cursor:pointer}
        button.link.nav{background:rgba(255,255,255,.12);padding:.25rem .6rem}
        .actions{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
        .table-wrap{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;width:100%;margin-top:1rem;background:#fff}
        th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#e8eef5}
        .notice{padding:.6rem 1rem;border-radius:4px}
        .ok{background:#e6f4ea;border:1px solid #34a853}
        .error{background:#fce8e6;border:1px solid #d93025}
        .flag{color:#b00020;font-weight:bold}
        fieldset{border:1px solid #ccc;margin:1rem 0;padding:.5rem 1rem 1rem;min-width:0}
        code.venue{font-size:1.2rem;font-weight:bold;word-break:break-all}
        img,svg{max-width:100%;height:auto}
        .steps{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:.5rem 0 1rem}
        .steps li{padding:.3rem .7rem;border-radius:999px;background:#e8eef5;color:#444}
        .steps li[aria-current=step]{background:#0b5fa5;color:#fff;font-weight:bold}
        .qr{display:block;width:260px;max-width:100%;background:#fff;padding:.5rem;border:1px solid #d5dbe3}
        .hero{background:#fff;border:1px solid #d5dbe3;border-radius:6px;padding:1rem 1.2rem}
        .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem;margin:1rem 0}
        .tiles a{display:block;background:#fff;border:1px solid #d5dbe3;border-left:5px solid #0b5fa5;border-radius:6px;padding:.8rem 1rem;text-decoration:none;color:#1b1b1b}
        .tiles a strong{display:block;color:#0b5fa5}
        @media (max-width:600px){
          .brand strong{font-size:.9rem}
          nav.menu{gap:.25rem}
          a.nav,button.nav,button.link.nav{font-size:.85rem;padding:.2rem .45rem}
          table.cards td:empty{display:none}
          .region-picker,.grid3{grid-template-columns:1fr}
          input,select,textarea{max-width:none}
          main table:not(.cards){display:block;overflow-x:auto}
          table.cards thead{display:none}
          table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
          table.cards tr{border:1px solid #ccc;border-radius:6px;margin:.6rem 0;background:#fff}
          table.cards td{border:0;border-bottom:1px solid #eee}
          table.cards td[data-label]::before{content:attr(data-label);display:block;font-weight:bold;font-size:.85rem;color:#555}
        }
        """;
}
